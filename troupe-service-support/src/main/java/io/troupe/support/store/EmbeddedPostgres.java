package io.troupe.support.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of this process's own, on its data directory: created there on the first
 * start, reopened on the next. It listens on 127.0.0.1 only, on a free port, and asks for a
 * password that it keeps in its data directory. Commits are as durable as on any PostgreSQL
 * (the defaults: {@code fsync} and {@code synchronous_commit} on): a commit is answered once its
 * WAL is written and flushed, so killing this process, or the server, loses no answered commit.
 *
 * <p>The server dies with this process: on Linux it is started through {@code setpriv
 * --pdeathsig INT}, so the kernel asks it for a fast shutdown when its parent thread ends (the
 * thread waits for the server for as long as it runs, so that is when the JVM ends, even on
 * {@code kill -9}). PostgreSQL refuses to run as root; as root the server runs in a user
 * namespace ({@code unshare --user}) where it is {@code nobody}, while its files stay root's on
 * disk, so a data directory under {@code /root} works and no other account can read it.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    /** The superuser the server is created with; the services connect as it. */
    public static final String USER = "troupe";
    private static final String PASSWORD_FILE = "troupe-password";
    private static final int NOBODY = 65534;
    private static final Duration STOP = Duration.ofSeconds(15);

    private final Process process;
    private final int port;
    private final String password;

    private EmbeddedPostgres(Process process, int port, String password) {
        this.process = process;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts a server on {@code dataDir} (initialising it if it holds no database yet), logging to
     * {@code log}, and returns once it accepts connections.
     */
    public static EmbeddedPostgres start(Path dataDir, Path log, Duration timeout) {
        Path home = PostgresBinaries.install();
        Path data = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                initialise(home, data, log);
            }
            String password = Files.readString(data.resolve(PASSWORD_FILE), StandardCharsets.UTF_8).strip();
            awaitPreviousServerGone(data, timeout);
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                List<String> command = new ArrayList<>(prefix());
                command.addAll(List.of(home.resolve("bin/postgres").toString(), "-D", data.toString(),
                        "-p", String.valueOf(port),
                        "-c", "listen_addresses=127.0.0.1",
                        // No Unix socket: it would go to /tmp, where servers of other data directories meet.
                        "-c", "unix_socket_directories=",
                        "-c", "max_connections=60",
                        "-c", "shared_buffers=32MB"));
                Process process = startOnOwnThread(new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
                EmbeddedPostgres server = new EmbeddedPostgres(process, port, password);
                if (server.awaitReady(data, log, timeout)) {
                    return server;
                }
                // Exited: another process may have taken the free port before the server bound it.
                if (attempt == 3) {
                    throw new IOException("the server exited with code " + process.exitValue() + "; see " + log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL on " + data + ": "
                    + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public long pid() {
        return process.pid();
    }

    /** Whether the parent-death signal will stop the server when this JVM ends (else call {@link #close()}). */
    public static boolean stopsWithThisProcess() {
        return setpriv().isPresent();
    }

    /** A fast shutdown: open transactions are rolled back, committed ones are on disk. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            // SIGINT is PostgreSQL's fast shutdown; Process.destroy would send SIGTERM, which waits for clients.
            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start()
                    .waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void initialise(Path home, Path data, Path log) throws IOException {
        // Into a fresh sibling, renamed into place once complete: a half-made database is never reopened.
        Path staging = data.resolveSibling(data.getFileName() + "." + UUID.randomUUID() + ".init");
        Path passwordFile = Files.createTempFile("troupe-pg", ".pw",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            String password = newPassword();
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(prefix());
            command.addAll(List.of(home.resolve("bin/initdb").toString(), "-D", staging.toString(),
                    "-U", USER, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C",
                    // A crash during initdb leaves only the staging directory, so skipping its fsyncs is safe.
                    "--no-sync"));
            Process initdb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!initdb.waitFor(2, TimeUnit.MINUTES) || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new IOException("initdb failed; see " + log);
            }
            Files.writeString(staging.resolve(PASSWORD_FILE), password + "\n", StandardCharsets.UTF_8);
            Files.createDirectories(data.getParent());
            Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during initdb", e);
        } finally {
            Files.deleteIfExists(passwordFile);
            PostgresBinaries.deleteTree(staging);
        }
    }

    /**
     * A server of an earlier process on this data directory may still be shutting down (the
     * parent-death signal of a killed JVM starts a fast shutdown), or may have outlived it where
     * there is no such signal: wait for it, asking it to stop, so that the new one can lock the
     * directory.
     */
    private static void awaitPreviousServerGone(Path data, Duration timeout) {
        Path lock = data.resolve("postmaster.pid");
        Optional<ProcessHandle> previous = readLines(lock).stream().findFirst()
                .flatMap(pid -> {
                    try {
                        return ProcessHandle.of(Long.parseLong(pid.strip()));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (previous.isEmpty()) {
            return;
        }
        ProcessHandle server = previous.get();
        if (!waitForExit(server, Duration.ofSeconds(5))) {
            server.destroy();
            if (!waitForExit(server, timeout)) {
                server.destroyForcibly();
                waitForExit(server, STOP);
            }
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Ready once the server marks its lock file "ready" (what {@code pg_ctl -w} waits for); false if
     * it exited before.
     */
    private boolean awaitReady(Path data, Path log, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        Path lock = data.resolve("postmaster.pid");
        while (true) {
            if (!process.isAlive()) {
                return false;
            }
            List<String> lines = readLines(lock);
            if (lines.size() >= 8 && lines.getFirst().strip().equals(String.valueOf(process.pid()))
                    && lines.get(7).strip().equals("ready")) {
                return true;
            }
            if (Instant.now().isAfter(deadline)) {
                close();
                throw new IOException("the server was not ready within " + timeout.toSeconds() + " s; see " + log);
            }
            try {
                Thread.sleep(20); // between polls of the lock file, within the deadline above
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the server started", e);
            }
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException e) {
            // absent, or being rewritten: the caller looks again
            return List.of();
        }
    }

    /**
     * Starts the server from a thread that lives exactly as long as the server: the parent-death
     * signal fires when the thread that forked the child ends, not the process.
     */
    private static Process startOnOwnThread(ProcessBuilder builder) throws IOException {
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            Process process;
            try {
                process = builder.start();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(process);
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "embedded-postgres");
        thread.setDaemon(true);
        thread.start();
        try {
            return started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the server", e);
        }
    }

    /** What runs the server's programs: with a parent-death signal where there is one, and not as root. */
    private static List<String> prefix() {
        List<String> prefix = new ArrayList<>();
        setpriv().ifPresent(setpriv -> prefix.addAll(List.of(setpriv, "--pdeathsig", "INT", "--")));
        if ("root".equals(System.getProperty("user.name"))) {
            String unshare = onPath("unshare").orElseThrow(() -> new IllegalStateException(
                    "PostgreSQL does not run as root, and unshare (util-linux) is not installed to run it as "
                            + "nobody in a user namespace; run as another user or install util-linux"));
            prefix.addAll(List.of(unshare, "--user", "--map-user=" + NOBODY, "--map-group=" + NOBODY));
        }
        return prefix;
    }

    private static Optional<String> setpriv() {
        return onPath("setpriv");
    }

    static Optional<String> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin:/bin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
