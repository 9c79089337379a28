package io.troupe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child process of the local stack. Its output goes to a log file; its standard input stays
 * an open pipe, so a child that watches it learns when its parent is gone. {@link #close()}
 * stops the whole process tree: politely first, then by force.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new ChildProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Polls {@code ready} until it holds; fails early if the child dies, naming its log. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready; see " + log + tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds()
                        + " s; see " + log + tail());
            }
            pause();
        }
    }

    /** The first line of the log that starts with {@code prefix}, if the child printed one yet. */
    public Optional<String> findLine(String prefix) {
        try {
            if (!Files.exists(log)) {
                return Optional.empty();
            }
            try (var lines = Files.lines(log)) {
                return lines.filter(l -> l.startsWith(prefix)).findFirst();
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        close(GRACE);
    }

    /** Asks the process to stop (SIGTERM), and kills it if it has not stopped within {@code grace}. */
    public void close(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    // A short pause between polls of a condition with a deadline (see awaitReady).
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
