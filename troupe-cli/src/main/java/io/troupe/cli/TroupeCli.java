package io.troupe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code troupe} command. */
@Command(name = "troupe", mixinStandardHelpOptions = true, version = "troupe 0.1.0",
        description = "Runs teams of LLM coding agents as a distributed system, and measures them.",
        subcommands = {SweepCommand.class, UpCommand.class, BenchCommand.class, SuitesCommand.class})
public class TroupeCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new TroupeCli()).execute(args));
    }
}
