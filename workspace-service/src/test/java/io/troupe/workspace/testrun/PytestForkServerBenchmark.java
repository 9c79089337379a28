package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Wall time and CPU of one small pytest test run through {@link LocalTestRunner} without a sandbox,
 * as a subprocess per run and as a child of the pytest fork server, and their ratio. Not part of the
 * build (its name matches neither *Test nor *IT); run it with
 * <pre>
 * ./mvnw -q -o -pl workspace-service test -Dtest=PytestForkServerBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dbench.runs=} sets the measured runs per path (default 100, after 5 of warm-up, which
 * also start the fork server). The runs' CPU is read from {@code /proc}: the reaped children of
 * this JVM (the subprocesses, and {@code kill}) plus all of the fork server and its reaped children.
 * The JVM's own CPU (copying the snapshot, reading the report) is shown apart.
 */
class PytestForkServerBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 100);
    private static final int WARM_UP = 5;
    /** USER_HZ, the unit of /proc/[pid]/stat times: 100 on every Linux architecture Java runs on. */
    private static final double TICK_SECONDS = 0.01;
    private static final List<String> COMMAND = List.of("python3", "-m", "pytest", "-q");
    private static final Map<String, String> PROJECT = Map.of(
            "shapes.py", """
                    import math

                    def area(kind, *size):
                        if kind == "square":
                            return size[0] ** 2
                        if kind == "circle":
                            return math.pi * size[0] ** 2
                        raise ValueError(kind)
                    """,
            "tests/test_shapes.py", """
                    import math
                    import pytest
                    from shapes import area

                    def test_square():
                        assert area("square", 3) == 9

                    def test_circle():
                        assert area("circle", 1) == pytest.approx(math.pi)

                    @pytest.mark.parametrize("side", [0, 1, 2, 5])
                    def test_squares(side):
                        assert area("square", side) == side * side

                    def test_unknown():
                        with pytest.raises(ValueError):
                            area("hexagon", 1)
                    """);

    record Figures(String path, double wallMillis, double childCpuMillis, double jvmCpuMillis) {
        double cpuMillis() {
            return childCpuMillis + jvmCpuMillis;
        }
    }

    @Test
    void subprocessVersusForkServer() throws IOException {
        Figures subprocess;
        try (LocalTestRunner runner = runner(false)) {
            subprocess = measure("subprocess", runner);
        }
        Figures forked;
        try (LocalTestRunner runner = runner(true)) {
            forked = measure("fork server", runner);
        }
        System.out.printf("%nOne pytest test run (%d tests) through LocalTestRunner, no sandbox, %d runs per path "
                + "after %d of warm-up, %d cores:%n", 7, RUNS, WARM_UP, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-12s %12s %16s %16s %14s%n", "path", "wall ms/run", "child CPU ms/run", "JVM CPU ms/run",
                "CPU ms/run");
        for (Figures f : List.of(subprocess, forked)) {
            System.out.printf("%-12s %12.1f %16.1f %16.1f %14.1f%n", f.path(), f.wallMillis(), f.childCpuMillis(),
                    f.jvmCpuMillis(), f.cpuMillis());
        }
        System.out.printf("subprocess / fork server: wall %.1fx, child CPU %.1fx, CPU %.1fx%n",
                subprocess.wallMillis() / forked.wallMillis(), subprocess.childCpuMillis() / forked.childCpuMillis(),
                subprocess.cpuMillis() / forked.cpuMillis());
        assertThat(forked.childCpuMillis()).isPositive();
    }

    private static LocalTestRunner runner(boolean forkServer) {
        return new LocalTestRunner(Sandbox.trusted(), Duration.ofSeconds(60), 65536, false, forkServer);
    }

    private static Figures measure(String path, LocalTestRunner runner) throws IOException {
        for (int i = 0; i < WARM_UP; i++) {
            run(runner);
        }
        long server = runner.forkServerPid().orElse(-1);
        var jvm = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double children = reapedChildrenCpu(ProcessHandle.current().pid()) + totalCpu(server);
        long jvmCpu = jvm.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            run(runner);
        }
        double wall = (System.nanoTime() - start) / 1e6;
        double childrenAfter = reapedChildrenCpu(ProcessHandle.current().pid()) + totalCpu(server);
        double jvmAfter = (jvm.getProcessCpuTime() - jvmCpu) / 1e6;
        return new Figures(path, wall / RUNS, (childrenAfter - children) * 1000 / RUNS, jvmAfter / RUNS);
    }

    private static void run(LocalTestRunner runner) {
        var execution = runner.run("bench", COMMAND, Snapshot.of("bench", PROJECT));
        assertThat(execution.outcome().exitCode()).as(execution.outcome().output()).isZero();
        assertThat(execution.report()).get().extracting(JUnitReport::passed).isEqualTo(7);
    }

    /** CPU seconds of the reaped children of {@code pid} (cutime + cstime). */
    private static double reapedChildrenCpu(long pid) throws IOException {
        String[] stat = stat(pid);
        return (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) * TICK_SECONDS;
    }

    /** CPU seconds of {@code pid} itself and its reaped children; 0 for no process (-1). */
    private static double totalCpu(long pid) throws IOException {
        if (pid < 0) {
            return 0;
        }
        String[] stat = stat(pid);
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * TICK_SECONDS + reapedChildrenCpu(pid);
    }

    /** The fields of /proc/[pid]/stat after the command name: [0] is the state, [11] utime, [12] stime. */
    private static String[] stat(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
