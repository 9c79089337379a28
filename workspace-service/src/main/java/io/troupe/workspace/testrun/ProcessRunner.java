package io.troupe.workspace.testrun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one command in a directory with a scrubbed environment, a time limit and a capped output.
 * Where {@code setsid} exists the command leads a session of its own, so that at the limit (or
 * when it leaves background processes behind) its whole process group is killed, including
 * children that were re-parented; elsewhere the descendants Java can see are killed.
 */
public final class ProcessRunner {
    private static final List<String> KEPT = List.of("PATH", "HOME", "LANG");
    private static final List<String> SECRET_MARKERS = List.of("KEY", "TOKEN", "SECRET", "PASSWORD", "PROXY");
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(Files::isExecutable).findFirst();

    /** How a command ended. {@code exitCode} is 127 if it could not be started. */
    public record Outcome(int exitCode, boolean timedOut, String output, long durationMillis) {
    }

    private ProcessRunner() {
    }

    /**
     * The environment a test command gets: {@code PATH}, {@code HOME}, {@code LANG} and
     * {@code PYTHON*} of this process, minus anything whose name suggests a credential or a proxy.
     */
    public static Map<String, String> scrubbedEnvironment(Map<String, String> from) {
        Map<String, String> env = new TreeMap<>();
        from.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            boolean wanted = KEPT.contains(upper) || upper.startsWith("PYTHON");
            boolean secret = SECRET_MARKERS.stream().anyMatch(upper::contains);
            if (wanted && !secret) {
                env.put(name, value);
            }
        });
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    public static Outcome run(List<String> args, Path directory, Map<String, String> env, Duration timeout,
                              int outputLimit) {
        return run(args, directory, env, timeout, outputLimit, false);
    }

    /**
     * As above; {@code ownPidNamespace}: the command (bubblewrap) puts everything it starts into a pid
     * namespace whose init is its descendant, and the kernel kills every process of a namespace when
     * its init dies, so killing the descendants Java sees ends all of it: no session of its own and no
     * process-group kill (which costs a {@code kill} process per run) are needed.
     */
    public static Outcome run(List<String> args, Path directory, Map<String, String> env, Duration timeout,
                              int outputLimit, boolean ownPidNamespace) {
        boolean group = SETSID.isPresent() && !ownPidNamespace;
        List<String> command = new ArrayList<>();
        if (group) {
            command.add(SETSID.get().toString());
        }
        command.addAll(args);
        var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        OutputTail tail = new OutputTail(outputLimit);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(127, false, "cannot start " + args.getFirst() + ": " + e.getMessage(),
                    millisSince(start));
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the command does not read its input anyway
        }
        Thread reader = Thread.ofVirtual().name("test-output-" + process.pid()).start(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(tail);
            } catch (IOException ignored) {
                // the process is gone; keep what was read
            }
        });
        boolean timedOut;
        try {
            timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        // Also after a normal exit: background processes a test left behind must not outlive its run.
        ProcessTrees.kill(process.toHandle(), group);
        int exitCode = awaitExit(process);
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Outcome(exitCode, timedOut, tail.toString(), millisSince(start));
    }

    private static int awaitExit(Process process) {
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
