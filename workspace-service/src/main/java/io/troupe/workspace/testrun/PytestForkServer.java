package io.troupe.workspace.testrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs {@code python3 -m pytest} test runs as children forked from one warm Python process (the
 * resource {@code testrun/pytest_fork_server.py}, which describes the protocol) instead of one new
 * interpreter each: a run then costs ~0.05 s of CPU instead of ~0.26 s, most of which was starting
 * Python and importing pytest (PytestForkServerBenchmark).
 *
 * <p>The server is started on the first run, with the environment a subprocess would get. Each run
 * leads a process group of its own, killed at the time limit like {@link ProcessRunner}'s (the
 * server also kills it after the run, before reaping its leader). When the server cannot start (no
 * such Python, no pytest, no pidfd) this warns once and every run returns empty: the caller then
 * starts a subprocess. When the server dies, the runs in flight return empty the same way (their
 * children are killed) and the next run starts a new server.
 */
public final class PytestForkServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PytestForkServer.class);
    private static final String SCRIPT = "/testrun/pytest_fork_server.py";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: importing pytest takes ~0.2 s, but a loaded 2-core machine can take many times that. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** After SIGKILL at the time limit, how long the server may take to report the child reaped. */
    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> PYTHONS = List.of("python3", "python");

    private final Path python;
    private final Path realPython;
    private final Map<String, String> env;
    private final long maxFileBytes;
    private Server server;
    private Path scriptDir;
    private boolean unavailable;
    private volatile boolean closed;

    /**
     * A server run by {@code python} (a path, e.g. {@code python3} found on PATH) with {@code env};
     * a forked run may write files of at most {@code maxFileBytes} (its output file included).
     */
    public PytestForkServer(Path python, Map<String, String> env, long maxFileBytes) {
        this.python = python;
        this.realPython = realPath(python);
        this.env = Map.copyOf(env);
        this.maxFileBytes = maxFileBytes;
    }

    /** A server run by {@code python3} as found on the PATH of {@code env}; empty if there is none. */
    public static Optional<PytestForkServer> forPython3(Map<String, String> env, long maxFileBytes) {
        return Sandbox.onPath("python3", env.getOrDefault("PATH", ""))
                .map(python -> new PytestForkServer(python, env, maxFileBytes));
    }

    /**
     * The arguments pytest gets if {@code command} is {@code python3 -m pytest ...} or
     * {@code python -m pytest ...} and its program resolves on PATH to the interpreter this server
     * runs; empty for any other command (a different Python, options before {@code -m}, ...),
     * which must run as a subprocess to mean what it says.
     */
    public Optional<List<String>> pytestArgs(List<String> command) {
        if (command.size() < 3 || !PYTHONS.contains(command.get(0)) || !command.get(1).equals("-m")
                || !command.get(2).equals("pytest")) {
            return Optional.empty();
        }
        Optional<Path> program = Sandbox.onPath(command.get(0), env.getOrDefault("PATH", ""));
        if (program.isEmpty() || !realPath(program.get()).equals(realPython)) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(command.subList(3, command.size())));
    }

    /**
     * Runs pytest with {@code args} in {@code work}, its output going to the file {@code output};
     * at {@code timeout} its process group is killed. Empty if the server is not available or died
     * during the run: nothing was reported, and the caller should run the command itself.
     */
    public Optional<ProcessRunner.Outcome> run(List<String> args, Path work, Path output, Duration timeout,
                                               int outputLimit) {
        Server current = server();
        if (current == null) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Call call = current.submit(args, work, output, maxFileBytes);
        if (call == null) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = call.pid.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            LOG.debugf("pytest fork server did not start a run: %s", e.getCause().getMessage());
            return Optional.empty();
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // No child after the whole time limit: this server is stuck; the next run gets a new one.
            LOG.warnf("pytest fork server pid %d did not start a run within %s; stopping it", current.pid(), timeout);
            current.stop();
            return Optional.empty();
        }
        boolean timedOut = false;
        int exitCode;
        try {
            exitCode = call.exit.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            timedOut = true;
            killRun(pid);
            exitCode = awaitReaped(call);
        } catch (ExecutionException e) {
            // The server died while its child ran; the child leads its own session and would run on.
            killRun(pid);
            if (closed) {
                // Stopped with the service: running the tests again as a subprocess would outlive it.
                return Optional.of(outcome(-1, false, output, outputLimit, start,
                        "\n[the test run was killed: the workspace service is stopping]\n"));
            }
            return Optional.empty();
        }
        return Optional.of(outcome(exitCode, timedOut, output, outputLimit, start, ""));
    }

    private static ProcessRunner.Outcome outcome(int exitCode, boolean timedOut, Path output, int outputLimit,
                                                 long start, String note) {
        String tail;
        try {
            tail = OutputTail.ofFile(output, outputLimit);
        } catch (IOException e) {
            tail = "cannot read the output of the test run: " + e.getMessage();
        }
        return new ProcessRunner.Outcome(exitCode, timedOut, tail + note,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The pid of the running server, if one runs (for tests). */
    synchronized OptionalLong pid() {
        return server == null || server.gone ? OptionalLong.empty() : OptionalLong.of(server.pid());
    }

    /** Stops the server: it kills the runs still going and exits. Later runs return empty. */
    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.stop();
            server = null;
        }
        LocalTestRunner.deleteQuietly(scriptDir);
        scriptDir = null;
    }

    /** The running server, started if there is none (again, if the last one died); null if unavailable. */
    private synchronized Server server() {
        if (closed || unavailable) {
            return null;
        }
        if (server != null && !server.gone) {
            return server;
        }
        try {
            server = start();
            return server;
        } catch (IOException e) {
            unavailable = true;
            server = null;
            LOG.warnf("the pytest fork server cannot start (%s); every pytest test run starts its own "
                    + "interpreter instead, which costs ~4x the CPU", e.getMessage());
            return null;
        }
    }

    private Server start() throws IOException {
        Path script = script();
        var builder = new ProcessBuilder(python.toString(), "-u", script.toString())
                .directory(script.getParent().toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Server started = new Server(builder.start());
        try {
            JsonNode ready = started.ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("pytest fork server started pid=%d python=%s pytest=%s executable=%s", started.pid(),
                    ready.path("python").asText(), ready.path("pytest").asText(), ready.path("executable").asText());
            return started;
        } catch (ExecutionException | TimeoutException e) {
            started.stop();
            String reason = e instanceof TimeoutException ? "not ready within " + START_TIMEOUT
                    : e.getCause().getMessage();
            String stderr = started.stderr().strip();
            throw new IOException(python + ": " + reason + (stderr.isEmpty() ? "" : "; stderr: " + stderr));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.stop();
            throw new IOException("interrupted while starting " + python);
        }
    }

    /** The script, extracted once into a private directory (its directory is on the server's sys.path). */
    private Path script() throws IOException {
        if (scriptDir == null) {
            scriptDir = Files.createTempDirectory("troupe-pytest-fork-server-");
        }
        Path script = scriptDir.resolve("pytest_fork_server.py");
        if (!Files.exists(script)) {
            try (InputStream in = Objects.requireNonNull(PytestForkServer.class.getResourceAsStream(SCRIPT),
                    SCRIPT + " is missing from the classpath")) {
                Files.copy(in, script);
            }
        }
        return script;
    }

    private static void killRun(long pid) {
        ProcessHandle.of(pid).ifPresentOrElse(run -> ProcessTrees.kill(run, true), () -> ProcessTrees.killGroup(pid));
    }

    /** The exit code the server reports once it reaped a killed run; -1 if it does not in time. */
    private static int awaitReaped(Call call) {
        try {
            return call.exit.get(REAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** One request: the pid once forked, the exit code once reaped. */
    private record Call(CompletableFuture<Long> pid, CompletableFuture<Integer> exit) {
        Call() {
            this(new CompletableFuture<>(), new CompletableFuture<>());
        }

        void fail(Throwable cause) {
            pid.completeExceptionally(cause);
            exit.completeExceptionally(cause);
        }
    }

    /** One server process, with a thread that reads its replies and one that keeps its stderr's tail. */
    private static final class Server {
        private final Process process;
        private final OutputStream requests;
        private final Map<Long, Call> calls = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();
        private final OutputTail stderr = new OutputTail(8192);
        private final Thread stderrReader;
        final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
        volatile boolean gone;
        private volatile boolean stopping;

        Server(Process process) {
            this.process = process;
            this.requests = process.getOutputStream();
            Thread.ofPlatform().daemon().name("pytest-fork-server-" + process.pid()).start(this::readReplies);
            this.stderrReader = Thread.ofPlatform().daemon().name("pytest-fork-server-stderr-" + process.pid())
                    .start(() -> {
                        try (InputStream in = process.getErrorStream()) {
                            in.transferTo(stderr);
                        } catch (IOException ignored) {
                            // the server is gone; keep what was read
                        }
                    });
        }

        long pid() {
            return process.pid();
        }

        /** Sends a request; null if the server is gone. */
        Call submit(List<String> args, Path work, Path output, long maxFileBytes) {
            long id = ids.incrementAndGet();
            Call call = new Call();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("id", id);
            request.put("cwd", work.toString());
            request.put("args", args);
            request.put("output", output.toString());
            request.put("maxFileBytes", maxFileBytes);
            synchronized (this) {
                if (gone) {
                    return null;
                }
                calls.put(id, call);
                try {
                    requests.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
                    requests.flush();
                } catch (IOException e) {
                    calls.remove(id);
                    return null;
                }
            }
            return call;
        }

        private void readReplies() {
            try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    dispatch(line);
                }
            } catch (IOException ignored) {
                // the server is gone
            } finally {
                IOException died = new IOException("the pytest fork server exited");
                synchronized (this) {
                    gone = true;
                }
                ready.completeExceptionally(died);
                calls.values().forEach(call -> call.fail(died));
                calls.clear();
                if (!stopping && !ready.isCompletedExceptionally()) {
                    LOG.warnf("the pytest fork server pid %d exited (exit code %s); runs in flight start their own "
                            + "interpreter, the next run starts a new server; stderr: %s", pid(), exitValue(),
                            stderr().strip());
                }
                // A server that closed its stdout is of no use even if it still runs.
                process.destroyForcibly();
            }
        }

        private void dispatch(String line) {
            JsonNode reply;
            try {
                reply = JSON.readTree(line);
            } catch (IOException e) {
                LOG.warnf("pytest fork server pid %d said: %s", pid(), line);
                return;
            }
            if (reply.has("ready")) {
                if (reply.path("ready").asBoolean()) {
                    ready.complete(reply);
                } else {
                    ready.completeExceptionally(new IOException(reply.path("error").asText()));
                }
                return;
            }
            long id = reply.path("id").asLong(-1);
            Call call = calls.get(id);
            if (call == null) {
                LOG.warnf("pytest fork server pid %d said: %s", pid(), line);
            } else if (reply.has("pid")) {
                call.pid.complete(reply.get("pid").asLong());
            } else if (reply.has("exit")) {
                calls.remove(id);
                call.exit.complete(reply.get("exit").asInt());
            } else {
                calls.remove(id);
                call.fail(new IOException(reply.path("error").asText(line)));
            }
        }

        /** Closes its stdin (it then kills its runs and exits), and kills it if it does not exit. */
        void stop() {
            stopping = true;
            try {
                requests.close();
            } catch (IOException ignored) {
                // it is gone already
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        /** The tail of its stderr, once it is gone (or after a short wait). */
        String stderr() {
            try {
                stderrReader.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return stderr.toString();
        }

        private String exitValue() {
            try {
                return String.valueOf(process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : "unknown");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        }
    }
}
