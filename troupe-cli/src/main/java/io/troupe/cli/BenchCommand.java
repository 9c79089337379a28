package io.troupe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Benchmarks that print figures and verdicts, not timed tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of a local stack.",
        subcommands = {BenchCommand.Fidelity.class, ThroughputCommand.class})
public class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Whether the sweep's numbers depend on what else runs: numlib-p09 preassigned at n = 1 and 3 alone
     * (one run at a time), then inside a full default sweep with the same seeds; and whether a cell run
     * twice with one seed repeats itself. Each part is a sweep of its own local stack.
     */
    @Command(name = "fidelity", mixinStandardHelpOptions = true, description = "Run numlib-p09 preassigned n = 1 "
            + "and 3 alone and inside a full default sweep with the same seed, and each architecture's n = 1 and 3 "
            + "twice with one seed; print the ratios and differences with PASS or FAIL, and the load average.")
    static class Fidelity implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--seed", defaultValue = "1", description = "The seed of the runs compared; the full sweep "
                + "runs seeds seed, seed + 1, seed + 2 (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--run-dir", description = "Directory for the sweeps' logs and reports (default: "
                + ".troupe/runs/bench-<time>).")
        Path runDir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = RunDirectory.resolve(runDir, "bench");
            out.println("troupe bench fidelity: sweeps in " + dir + "; load average " + loadAverage());
            out.flush();
            List<SweepRow> alone = sweep(out, "alone and twice with one seed, one run at a time",
                    "--suites", FidelityBench.SUITE, "--architectures", "preassigned,decentralized,queue",
                    "--agents", "1,3", "--seeds", seed + "," + seed, "--parallel", "1",
                    "--run-dir", dir.resolve("alone").toString());
            out.println("load average " + loadAverage());
            List<SweepRow> full = sweep(out, "the full default sweep", "--seeds",
                    seed + "," + (seed + 1) + "," + (seed + 2), "--run-dir", dir.resolve("sweep").toString());
            out.println("load average " + loadAverage());
            // Alone: the first of the two runs of each cell.
            List<SweepRow> firstAlone = new ArrayList<>();
            alone.forEach(r -> {
                if (firstAlone.stream().noneMatch(f -> f.suite().equals(r.suite())
                        && f.architecture().equals(r.architecture()) && f.agents() == r.agents())) {
                    firstAlone.add(r);
                }
            });
            List<FidelityBench.Ratio> ratios = FidelityBench.ratios(firstAlone, full, seed);
            List<FidelityBench.Repeat> repeats = FidelityBench.repeats(alone);
            out.println();
            out.print(FidelityBench.report(ratios, repeats));
            boolean pass = FidelityBench.passes(ratios, repeats);
            out.println("fidelity: " + (pass ? "PASS" : "FAIL") + "; load average " + loadAverage());
            out.flush();
            return pass ? 0 : 1;
        }

        /** Runs one sweep with {@code args} on a local stack of its own; its runs (none if it failed early). */
        private List<SweepRow> sweep(PrintWriter out, String what, String... args) {
            out.println();
            out.println("== " + what + ": troupe sweep " + String.join(" ", args));
            out.flush();
            SweepCommand sweep = new SweepCommand();
            new CommandLine(sweep).setOut(out).setErr(spec.commandLine().getErr()).execute(args);
            return sweep.rows() == null ? List.of() : sweep.rows();
        }
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, else the JVM's 1 minute figure. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min; "
                    + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException | RuntimeException e) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f (1 min)", load);
        }
    }
}
