package io.troupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code troupe suites}: suites of a running deployment. */
@Command(name = "suites", mixinStandardHelpOptions = true, description = "Suites of a running Troupe.",
        subcommands = SuitesCommand.Import.class)
public class SuitesCommand {

    /**
     * {@code troupe suites import DIR}: a directory laid out as the paper's, one suite per task list,
     * uploaded as a zip of the directory (wrapped in its name, which prefixes the suites' ids).
     */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Imports a directory of task lists laid out as the paper's (<list>.json, test_<list>.py "
                    + "each, shared files such as conftest.py): one suite per list, <dir>-<list>.")
    static class Import implements Callable<Integer> {
        /** The most a directory may hold (the coordinator's own limit, troupe.suite-max-bytes, comes after). */
        static final long MAX_BYTES = 64L * 1024 * 1024;

        @Parameters(index = "0", paramLabel = "DIR", description = "The directory of task lists.")
        Path dir;

        @Option(names = "--coordinator", defaultValue = "http://localhost:8081",
                description = "The coordinator's URL (default: ${DEFAULT-VALUE}, the one of ./troupe up).")
        String coordinator;

        @Option(names = "--prefix", description = "The suites' id prefix (default: the directory's name).")
        String prefix;

        @Option(names = "--token-file", description = "A file holding the operator's bearer token (default: the "
                + "environment variable " + SweepCommand.TOKEN_ENV + ").")
        Path tokenFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isDirectory(dir)) {
                err.println(dir + " is not a directory");
                return 2;
            }
            try {
                byte[] zip = zip(dir);
                String token = SweepCommand.operatorToken(tokenFile, err);
                JsonNode suites = new TroupeClient(coordinator, null, null, token).importTaskLists(zip, prefix)
                        .path("suites");
                out.printf("%d suites imported from %s:%n", suites.size(), dir);
                out.printf("%-32s %5s %4s %6s %-6s %s%n", "suite", "tasks", "cp", "p", "shared", "solutions");
                for (JsonNode suite : suites) {
                    out.printf("%-32s %5d %4d %6.2f %-6s %s%n", suite.path("id").asText(), suite.path("tasks").size(),
                            suite.path("criticalPath").size(), suite.path("parallelFraction").asDouble(),
                            suite.path("sharedFiles").asBoolean() ? "yes" : "no",
                            suite.path("hasSolutions").asBoolean() ? "yes"
                                    : "none (real models only: \"model\": \"provider/name\")");
                }
                out.flush();
                return 0;
            } catch (TroupeClient.ClientException | UncheckedIOException e) {
                err.println(e.getMessage());
                return 1;
            }
        }

        /** The directory as a zip whose one top-level directory is the directory's own name. */
        static byte[] zip(Path dir) {
            Path root = dir.toAbsolutePath().normalize();
            String name = root.getFileName() == null ? "suites" : root.getFileName().toString();
            var bytes = new ByteArrayOutputStream();
            long total = 0;
            try (var zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(root)) {
                // Hidden files (.git) and Python's caches are no part of the lists; the coordinator skips them too.
                List<Path> files = walk.filter(Files::isRegularFile).filter(f -> !skipped(root.relativize(f)))
                        .sorted().toList();
                for (Path file : files) {
                    total += Files.size(file);
                    if (total > MAX_BYTES) {
                        throw new TroupeClient.ClientException(dir + " holds more than " + MAX_BYTES + " bytes");
                    }
                    zip.putNextEntry(new ZipEntry(name + "/" + root.relativize(file).toString().replace('\\', '/')));
                    zip.write(Files.readAllBytes(file));
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
            return bytes.toByteArray();
        }

        private static boolean skipped(Path relative) {
            for (Path segment : relative) {
                String s = segment.toString();
                if (s.startsWith(".") || s.equals("__pycache__")) {
                    return true;
                }
            }
            return false;
        }
    }
}
