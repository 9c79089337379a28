package io.troupe.workspace.testrun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a local test run costs the platform beyond its command: making the snapshot's directory
 * and deleting it, old way (every file written into a fresh directory, then deleted) against the
 * new one (hard links to the run's kept files, {@link SnapshotTrees}), for workspaces of 20, 100
 * and 500 files of 2 KiB where one file changed since the last test run; then whole test runs of
 * the command {@code true} through {@link LocalTestRunner} (trusted, and in bubblewrap where it is
 * installed) against {@code true} started bare by a {@link ProcessBuilder}: the difference is the
 * platform's overhead (snapshot, environment, output capture, killing what is left), and for
 * bubblewrap also the sandbox's own start. Prints figures and ratios with the load
 * average; asserts nothing about times. Not part of the build; run it with
 * <pre>
 * ./mvnw -q -o -pl workspace-service test -Dtest=TestRunOverheadBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dbench.runs=} sets the measured runs per case (default 200, after 20 of warm-up).
 */
class TestRunOverheadBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 200);
    private static final int WARM_UP = 20;

    @Test
    void snapshotAndWholeRunOverhead() throws IOException, InterruptedException {
        java.util.logging.Logger.getLogger("io.troupe").setLevel(java.util.logging.Level.WARNING);
        System.out.printf("%nTest-run overhead, %d runs per case after %d of warm-up (a fifth at 500 files); "
                + "load average before: %s%n",
                RUNS, WARM_UP, loadAverage());
        System.out.println("| files | copy ms/run p50 / mean | links ms/run p50 / mean | copy / links (mean) |");
        System.out.println("| --- | --- | --- | --- |");
        for (int files : List.of(20, 100, 500)) {
            Map<String, String> project = project(files);
            // The old way takes ~1 s per run at 500 files on a loaded machine: fewer runs there.
            int runs = files >= 500 ? Math.max(10, RUNS / 5) : RUNS;
            double[] copy = measure(i -> copyWay(project, i), runs);
            try (SnapshotTrees trees = SnapshotTrees.inTemporaryDirectory()) {
                double[] links = measure(i -> linkWay(trees, project, i), runs);
                System.out.printf("| %d | %.2f / %.2f | %.2f / %.2f | %.1fx |%n", files, median(copy), mean(copy),
                        median(links), mean(links), mean(copy) / mean(links));
            }
        }
        System.out.println();
        System.out.println("| command `true`, 100 files | wall ms/run p50 / mean | minus bare `true` (p50) |");
        System.out.println("| --- | --- | --- |");
        Map<String, String> project = project(100);
        double[] bare = measure(i -> bare(List.of("true")));
        System.out.printf("| bare `true` (ProcessBuilder) | %.1f / %.1f | |%n", median(bare), mean(bare));
        double[] trusted = wholeRuns(Sandbox.trusted(), project);
        System.out.printf("| trusted | %.1f / %.1f | %.1f |%n", median(trusted), mean(trusted),
                median(trusted) - median(bare));
        Sandbox.Limits limits = new Sandbox.Limits(256, 2L << 30, Duration.ofSeconds(60), 64L << 20);
        if (Sandbox.bubblewrap(System.getenv(), limits) instanceof Sandbox.Found.Available bwrap) {
            Path dir = Files.createTempDirectory("troupe-bench-bwrap-");
            bwrap.sandbox().grantWrite(dir);
            List<String> command = bwrap.sandbox().command(List.of("true"), dir, dir, Map.of("PATH", "/usr/bin:/bin"));
            double[] bareBwrap = measure(i -> bare(command));
            LocalTestRunner.deleteQuietly(dir);
            System.out.printf("| bare `bwrap ... true` (ProcessBuilder) | %.1f / %.1f | %.1f |%n", median(bareBwrap),
                    mean(bareBwrap), median(bareBwrap) - median(bare));
            double[] sandboxed = wholeRuns(bwrap.sandbox(), project);
            System.out.printf("| bwrap | %.1f / %.1f | %.1f (%.1f over bare bwrap) |%n", median(sandboxed),
                    mean(sandboxed), median(sandboxed) - median(bare), median(sandboxed) - median(bareBwrap));
        } else {
            System.out.println("| bwrap | not installed | |");
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static double[] wholeRuns(Sandbox sandbox, Map<String, String> project) throws IOException {
        try (LocalTestRunner runner = new LocalTestRunner(sandbox, Duration.ofSeconds(60), 65536, false, false)) {
            return measure(i -> {
                var execution = runner.run("bench-" + i, List.of("true"), changed(project, i));
                if (execution.outcome().exitCode() != 0) {
                    throw new IllegalStateException("`true` failed in " + sandbox.name() + ": "
                            + execution.outcome().output());
                }
            });
        }
    }

    private static void bare(List<String> command) throws IOException {
        try {
            if (new ProcessBuilder(command).start().waitFor() != 0) {
                throw new IllegalStateException(command + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The old way: every file written into a fresh temporary directory, then the tree deleted. */
    private static void copyWay(Map<String, String> project, int i) throws IOException {
        Path root = Files.createTempDirectory("troupe-bench-copy-");
        Path work = Files.createDirectory(root.resolve("work"));
        for (var file : changed(project, i).entries()) {
            Path target = work.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.content().get(), StandardCharsets.UTF_8);
        }
        LocalTestRunner.deleteQuietly(root);
    }

    private static void linkWay(SnapshotTrees trees, Map<String, String> project, int i) throws IOException {
        Path root = trees.create(changed(project, i), true, dir -> {
        });
        LocalTestRunner.deleteQuietly(root);
    }

    /**
     * The project's heads with one file at a new version, as if one write came between two test
     * runs; keyed by version, as the service keys them.
     */
    private static Snapshot changed(Map<String, String> project, int i) {
        List<Snapshot.Entry> entries = new ArrayList<>();
        project.forEach((path, content) -> entries.add(new Snapshot.Entry(path, "1", () -> content)));
        entries.add(new Snapshot.Entry("pkg/changing.py", Integer.toString(i + WARM_UP + 1), () -> "VALUE = " + i));
        return new Snapshot("bench", entries);
    }

    private static Map<String, String> project(int files) {
        Map<String, String> project = new LinkedHashMap<>();
        String body = "x = 1\n".repeat(2048 / 6);
        for (int i = 0; i < files - 1; i++) {
            project.put("pkg/m" + (i / 20) + "/mod" + i + ".py", "# module " + i + "\n" + body);
        }
        return project;
    }

    @FunctionalInterface
    private interface Step {
        void run(int i) throws IOException;
    }

    private static double[] measure(Step step) throws IOException {
        return measure(step, RUNS);
    }

    private static double[] measure(Step step, int runs) throws IOException {
        double[] millis = new double[runs];
        for (int i = -WARM_UP; i < runs; i++) {
            long start = System.nanoTime();
            step.run(i);
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return millis;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static String loadAverage() {
        try {
            return String.join(" ", new ArrayList<>(Arrays.asList(
                    Files.readString(Path.of("/proc/loadavg")).trim().split(" "))).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
