package io.troupe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of the local stack's processes, read from Linux's {@code /proc}: what the sweep reports per
 * task and service, so that what bounds its duration (CPU per task) is measured, not guessed. A process's
 * time is its own, that of its children it has reaped (the JVM reaps a test run's process, the fork server
 * its pytest children), and that of its live descendants (an embedded PostgreSQL, the pytest fork server).
 */
final class ProcessCpu {
    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture Troupe runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** Each named process tree's CPU time now; a process that cannot be read (not Linux, gone) is left out. */
    static Map<String, Duration> snapshot(Map<String, Long> pids) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long ticks = ticks(pid);
            if (ticks >= 0) {
                cpu.put(name, Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND
                        + ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                        .mapToLong(d -> Math.max(0, ticks(d.pid()))).sum() * 1000 / TICKS_PER_SECOND));
            }
        });
        return cpu;
    }

    /** What each process tree used between {@code before} and {@code after}. */
    static Map<String, Duration> between(Map<String, Duration> before, Map<String, Duration> after) {
        Map<String, Duration> used = new LinkedHashMap<>();
        after.forEach((name, end) -> {
            Duration start = before.get(name);
            if (start != null) {
                used.put(name, end.minus(start).isNegative() ? Duration.ZERO : end.minus(start));
            }
        });
        return used;
    }

    /**
     * The line the sweep prints: each process tree's CPU per task, and the total against the wall time and
     * the machine's cores.
     */
    static String perTask(Map<String, Duration> used, long tasks, Duration wall) {
        if (used.isEmpty() || tasks <= 0) {
            return "cpu per task: not measured (no /proc or no task done)\n";
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "cpu per task (%d tasks; from /proc):",
                tasks));
        used.forEach((name, cpu) -> line.append(String.format(Locale.ROOT, " %s %.0f ms,", name,
                cpu.toMillis() / (double) tasks)));
        long total = used.values().stream().mapToLong(Duration::toMillis).sum();
        line.append(String.format(Locale.ROOT, " all %.0f ms per task: %.0f CPU-s in %.0f s of the runs on %d cores "
                        + "(%.0f%% busy)%n", total / (double) tasks, total / 1000.0, wall.toMillis() / 1000.0,
                Runtime.getRuntime().availableProcessors(),
                wall.isZero() ? 0 : 100.0 * total / wall.toMillis() / Runtime.getRuntime().availableProcessors()));
        return line.toString();
    }

    /** utime + stime + cutime + cstime of {@code pid} in clock ticks, -1 if it cannot be read. */
    static long ticks(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The four times of a {@code /proc/<pid>/stat} line (fields 14-17; the command name may hold spaces). */
    static long ticks(String stat) {
        List<String> fields = Stream.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+")).toList();
        // fields.get(0) is field 3 (state), so field k is fields.get(k - 3)
        return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12)) + Long.parseLong(fields.get(13))
                + Long.parseLong(fields.get(14));
    }
}
