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
 * installed), their wall time minus the command's own. Prints figures and ratios with the load
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
    void snapshotAndWholeRunOverhead() throws IOException {
        System.out.printf("%nTest-run overhead, %d runs per case after %d of warm-up; load average before: %s%n",
                RUNS, WARM_UP, loadAverage());
        System.out.println("| files | copy ms/run p50 / mean | links ms/run p50 / mean | copy / links (mean) |");
        System.out.println("| --- | --- | --- | --- |");
        for (int files : List.of(20, 100, 500)) {
            Map<String, String> project = project(files);
            double[] copy = measure(i -> copyWay(project, i));
            try (SnapshotTrees trees = SnapshotTrees.inTemporaryDirectory()) {
                double[] links = measure(i -> linkWay(trees, project, i));
                System.out.printf("| %d | %.2f / %.2f | %.2f / %.2f | %.1fx |%n", files, median(copy), mean(copy),
                        median(links), mean(links), mean(copy) / mean(links));
            }
        }
        System.out.println();
        System.out.println("| runner (command `true`, 100 files) | wall ms/run p50 | command ms/run p50 | platform ms/run p50 |");
        System.out.println("| --- | --- | --- | --- |");
        Map<String, String> project = project(100);
        wholeRuns("trusted (plain subprocess)", Sandbox.trusted(), project);
        Sandbox.Limits limits = new Sandbox.Limits(256, 2L << 30, Duration.ofSeconds(60), 64L << 20);
        if (Sandbox.bubblewrap(System.getenv(), limits) instanceof Sandbox.Found.Available bwrap) {
            wholeRuns("bwrap", bwrap.sandbox(), project);
        } else {
            System.out.println("| bwrap | not installed | | |");
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static void wholeRuns(String name, Sandbox sandbox, Map<String, String> project) {
        try (LocalTestRunner runner = new LocalTestRunner(sandbox, Duration.ofSeconds(60), 65536, false, false)) {
            double[] wall = new double[RUNS];
            double[] command = new double[RUNS];
            for (int i = -WARM_UP; i < RUNS; i++) {
                Map<String, String> files = changed(project, i);
                long start = System.nanoTime();
                var execution = runner.run("bench-" + i, List.of("true"), Snapshot.of("bench", files));
                double millis = (System.nanoTime() - start) / 1e6;
                if (execution.outcome().exitCode() != 0) {
                    throw new IllegalStateException("`true` failed in " + name + ": " + execution.outcome().output());
                }
                if (i >= 0) {
                    wall[i] = millis;
                    command[i] = execution.outcome().durationMillis();
                }
            }
            double[] platform = new double[RUNS];
            Arrays.setAll(platform, i -> wall[i] - command[i]);
            System.out.printf("| %s | %.1f | %.1f | %.1f |%n", name, median(wall), median(command), median(platform));
        }
    }

    /** The old way: every file written into a fresh temporary directory, then the tree deleted. */
    private static void copyWay(Map<String, String> project, int i) throws IOException {
        Path root = Files.createTempDirectory("troupe-bench-copy-");
        Path work = Files.createDirectory(root.resolve("work"));
        for (var file : changed(project, i).entrySet()) {
            Path target = work.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        LocalTestRunner.deleteQuietly(root);
    }

    private static void linkWay(SnapshotTrees trees, Map<String, String> project, int i) throws IOException {
        Path root = trees.create(Snapshot.of("bench", changed(project, i)), true, dir -> {
        });
        LocalTestRunner.deleteQuietly(root);
    }

    /** The project with one file changed, as if one write came between two test runs. */
    private static Map<String, String> changed(Map<String, String> project, int i) {
        Map<String, String> files = new LinkedHashMap<>(project);
        files.put("pkg/changing.py", "VALUE = " + i + "\n");
        return files;
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
        double[] millis = new double[RUNS];
        for (int i = -WARM_UP; i < RUNS; i++) {
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
