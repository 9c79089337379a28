package io.troupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.troupe.protocol.suite.Bounds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The platform's throughput on a local stack, in one run under one load: tasks per second of zero-latency
 * simulated agents on independent tasks (test command {@code true}, pytest, none), each task's hand-off (READY to
 * its agent's first model turn) per architecture, makespan over the model-time lower bound at 500 ms turns, the
 * workspace's conditional writes next to {@code pgbench -N} on the same PostgreSQL, and CPU per task per process.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true, description = "Start a local stack and print "
        + "tasks/s at several team sizes (zero-latency agents; test command true, pytest, none), READY -> first turn "
        + "p50/p99 per architecture, makespan / lower bound at 500 ms turns, conditional writes/s next to pgbench -N "
        + "on the same PostgreSQL, CPU per task per process, and the load average before and after.")
public class ThroughputCommand implements Callable<Integer> {
    /** The parts, in the order they run. */
    enum Part { TASKS, HANDOFF, MAKESPAN, WRITES }

    static final String MAKESPAN_SUITE = "numlib-p09";
    static final int MAKESPAN_AGENTS = 5;
    static final long MAKESPAN_TURN_MILLIS = 500;
    private static final Duration POLL = Duration.ofMillis(10);
    private static final List<String> ARCHITECTURES = List.of("preassigned", "decentralized", "queue", "lead");

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A few minutes: 50 tasks per run, n = 1 and 16, hand-offs at n = 4, "
            + "3 s per write level.")
    boolean quick;

    @Option(names = "--parts", split = ",", description = "Which parts to run: tasks, handoff, makespan, writes "
            + "(default: all).")
    List<String> parts;

    @Option(names = "--tasks", description = "Independent tasks per throughput run (default 200; --quick: 50).")
    Integer tasks;

    @Option(names = "--agents", split = ",", description = "Team sizes of the throughput runs (default 1,4,16,64; "
            + "--quick: 1,16).")
    List<Integer> agents;

    @Option(names = "--tests", split = ",", description = "Test commands of the throughput runs: true, pytest, none "
            + "(default: all three).")
    List<String> tests;

    @Option(names = "--handoff-agents", description = "Team size of the hand-off runs, one chain of tasks per agent "
            + "(default 16; --quick: 4).")
    Integer handoffAgents;

    @Option(names = "--architectures", split = ",", description = "Architectures of the hand-off and makespan runs "
            + "(default: preassigned,decentralized,queue,lead).")
    List<String> architectures;

    @Option(names = "--write-seconds", description = "Measured seconds per write level and per pgbench level "
            + "(default 10; --quick: 3).")
    Integer writeSeconds;

    @Option(names = "--run-timeout", defaultValue = "PT10M", description = "Longest wait for one run (ISO-8601; "
            + "default: ${DEFAULT-VALUE}).")
    Duration runTimeout;

    @Option(names = "--run-dir", description = "Directory for logs and data (default: .troupe/runs/throughput-<time>).")
    Path runDir;

    private final List<String> failures = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Part> which;
        List<BenchSuites.Tests> modes;
        try {
            which = parts == null ? List.of(Part.values())
                    : parts.stream().map(p -> Part.valueOf(p.strip().toUpperCase(Locale.ROOT))).toList();
            modes = tests == null ? List.of(BenchSuites.Tests.values())
                    : tests.stream().map(t -> BenchSuites.Tests.valueOf(t.strip().toUpperCase(Locale.ROOT))).toList();
        } catch (IllegalArgumentException e) {
            err.println("--parts takes tasks, handoff, makespan, writes; --tests takes true, pytest, none");
            return 2;
        }
        List<Integer> sizes = agents != null ? agents : quick ? List.of(1, 16) : List.of(1, 4, 16, 64);
        int taskCount = tasks != null ? tasks : quick ? 50 : 200;
        int handoffN = handoffAgents != null ? handoffAgents : quick ? 4 : 16;
        List<String> archs = architectures != null ? architectures : ARCHITECTURES;
        int seconds = writeSeconds != null ? writeSeconds : quick ? 3 : 10;
        if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1 || n > SweepCommand.MAX_WORKERS * 4)
                || handoffN < 1 || handoffN > SweepCommand.MAX_WORKERS * 4 || taskCount < 1 || taskCount > 999
                || seconds < 1) {
            err.println("team sizes from 1 to " + SweepCommand.MAX_WORKERS * 4 + ", 1 to 999 tasks, at least 1 s");
            return 2;
        }
        // The largest team, plus one agent for a lead run's lead.
        int workers = Math.max(sizes.stream().mapToInt(Integer::intValue).max().orElse(1),
                Math.max(handoffN, MAKESPAN_AGENTS) + 1);
        Path dir = RunDirectory.resolve(runDir, "throughput");
        String loadBefore = BenchCommand.loadAverage();
        out.println("troupe bench throughput: logs and data in " + dir);
        out.println("load average before: " + loadBefore);
        out.flush();
        AtomicReference<LocalStack> stack = new AtomicReference<>();
        try (var shutdown = new StackShutdown(() -> {
            if (stack.get() != null) {
                stack.get().close();
            }
        })) {
            // Simulated agents write generated code and the suites' reference solutions: the trusted mode, as the
            // sweep (pytest on the workspace's fork server). The coordinator allows the benchmark's largest team.
            stack.set(LocalStack.start(dir, StackPorts.anyFree(), workers, 1.0, LocalStack.TestSandbox.TRUSTED,
                    LocalStack.LOOPBACK, Map.of("coordinator-service",
                            Map.of("troupe.max-agents", String.valueOf(Math.max(16, workers))))));
            var client = new TroupeClient(stack.get().coordinatorUrl(), stack.get().workspaceUrl(),
                    stack.get().metricsUrl(), stack.get().credentials().operatorToken());
            client.awaitIdleAgents(workers, Duration.ofSeconds(120));
            out.printf(Locale.ROOT, "local stack up: %d agent workers; %s%n", workers, BenchCommand.loadAverage());
            warmUp(client, archs, out);
            if (which.contains(Part.TASKS)) {
                tasksPerSecond(client, stack.get(), modes, sizes, taskCount, out);
            }
            if (which.contains(Part.HANDOFF)) {
                handOffs(client, archs, handoffN, taskCount, out);
            }
            if (which.contains(Part.MAKESPAN)) {
                makespans(client, archs, out);
            }
            if (which.contains(Part.WRITES)) {
                writes(client, stack.get(), seconds, out);
            }
        } catch (RuntimeException e) {
            err.println("troupe bench throughput failed: " + e.getMessage());
            err.println("logs: " + dir.resolve("logs"));
            failures.add(e.getMessage());
        } finally {
            if (stack.get() != null) {
                stack.get().close();
            }
        }
        out.println();
        out.println("load average: before " + loadBefore + "; after " + BenchCommand.loadAverage());
        if (!failures.isEmpty()) {
            out.println("not measured: " + failures.size() + " (" + String.join("; ", failures) + ")");
        }
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    /** The services' code compiled before anything is measured: suite tiny once per architecture, side by side. */
    private void warmUp(TroupeClient client, List<String> archs, PrintWriter out) {
        out.println("warming up (suite tiny once per architecture, n = 2; not measured)...");
        out.flush();
        List<String> runs = archs.stream().map(a -> client.createRun(spec("tiny", a, 2, 0)).path("id").asText())
                .toList();
        runs.forEach(run -> client.awaitRun(run, runTimeout));
    }

    private void tasksPerSecond(TroupeClient client, LocalStack stack, List<BenchSuites.Tests> modes,
                                List<Integer> sizes, int taskCount, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "tasks/s: %d independent tasks, preassigned, simulated-constant 0 ms turns, run clock; "
                + "wall time from POST /api/runs to the run's end%n", taskCount);
        out.printf(Locale.ROOT, "%-8s%s%n", "tests", sizes.stream()
                .map(n -> String.format(Locale.ROOT, "%12s", "n=" + n)).reduce("", String::concat));
        out.flush();
        Map<String, Map<String, Duration>> cpu = new LinkedHashMap<>();
        Map<String, Long> done = new LinkedHashMap<>();
        for (BenchSuites.Tests mode : modes) {
            String suite = "bench-" + mode.label() + "-" + taskCount;
            client.uploadSuite(BenchSuites.zip(BenchSuites.independent(suite, taskCount, mode)));
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s", mode.label()));
            Map<String, Duration> before = ProcessCpu.snapshot(stack.pids());
            long tasksDone = 0;
            for (int n : sizes) {
                long begin = System.nanoTime();
                try {
                    String run = client.createRun(spec(suite, "preassigned", n, 0)).path("id").asText();
                    JsonNode view = client.awaitRun(run, runTimeout, POLL);
                    Duration wall = Duration.ofNanos(System.nanoTime() - begin);
                    int finished = view.path("board").path("DONE").asInt();
                    tasksDone += finished;
                    if (!"COMPLETED".equals(view.path("status").asText())) {
                        failures.add(mode.label() + " n=" + n + ": run " + run + " " + view.path("status").asText());
                        row.append(String.format(Locale.ROOT, "%12s", view.path("status").asText()));
                    } else {
                        row.append(String.format(Locale.ROOT, "%12.1f", ThroughputBench.perSecond(finished, wall)));
                    }
                } catch (TroupeClient.ClientException e) {
                    failures.add(mode.label() + " n=" + n + ": " + e.getMessage());
                    row.append(String.format(Locale.ROOT, "%12s", "failed"));
                }
            }
            cpu.put(mode.label(), ProcessCpu.between(before, ProcessCpu.snapshot(stack.pids())));
            done.put(mode.label(), tasksDone);
            out.println(row);
            out.flush();
        }
        out.println("cpu per task, ms, per process tree (from /proc, over all of a row's runs):");
        out.printf(Locale.ROOT, "%-8s", "tests");
        List<String> processes = cpu.values().stream().findFirst().map(m -> List.copyOf(m.keySet())).orElse(List.of());
        processes.forEach(p -> out.printf(Locale.ROOT, "%12s", p.replace("-service", "")));
        out.printf(Locale.ROOT, "%12s%n", "all");
        cpu.forEach((mode, used) -> {
            long count = Math.max(1, done.get(mode));
            out.printf(Locale.ROOT, "%-8s", mode);
            processes.forEach(p -> out.printf(Locale.ROOT, "%12.1f", used.getOrDefault(p, Duration.ZERO).toMillis()
                    / (double) count));
            out.printf(Locale.ROOT, "%12.1f%n", used.values().stream().mapToLong(Duration::toMillis).sum()
                    / (double) count);
        });
        out.flush();
    }

    private void handOffs(TroupeClient client, List<String> archs, int n, int taskCount, PrintWriter out) {
        int length = Math.max(1, taskCount / n);
        String suite = "bench-chains-" + n + "x" + length;
        client.uploadSuite(BenchSuites.zip(BenchSuites.chains(suite, n, length)));
        out.println();
        out.printf(Locale.ROOT, "READY -> first turn: %d chains of %d untested tasks on n = %d, 0 ms turns; from each "
                + "task's first TaskReady to the first TurnStarted on it (events' times)%n", n, length, n);
        out.printf(Locale.ROOT, "%-14s%8s%10s%10s%10s%n", "architecture", "tasks", "p50 ms", "p99 ms", "max ms");
        out.flush();
        for (String architecture : archs) {
            try {
                String run = finishedRun(client, spec(suite, architecture, n, 0));
                List<Double> millis = ThroughputBench.fold(client.events(run)).handOffMillis();
                out.printf(Locale.ROOT, "%-14s%8d%10.1f%10.1f%10.1f%n", architecture, millis.size(),
                        ThroughputBench.percentile(millis, 0.50), ThroughputBench.percentile(millis, 0.99),
                        ThroughputBench.percentile(millis, 1.0));
            } catch (TroupeClient.ClientException e) {
                failures.add("hand-off " + architecture + ": " + e.getMessage());
                out.printf(Locale.ROOT, "%-14s failed: %s%n", architecture, e.getMessage());
            }
            out.flush();
        }
    }

    private void makespans(TroupeClient client, List<String> archs, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "makespan / lower bound: %s, n = %d, simulated-constant %d ms turns, run clock; "
                        + "bound = max(chain, work / n) of the model time alone (and of the task times)%n",
                MAKESPAN_SUITE, MAKESPAN_AGENTS, MAKESPAN_TURN_MILLIS);
        out.printf(Locale.ROOT, "%-14s%12s%12s%10s%14s%n", "architecture", "makespan s", "bound s", "ratio",
                "task-time r.");
        out.flush();
        for (String architecture : archs) {
            try {
                String run = finishedRun(client, spec(MAKESPAN_SUITE, architecture, MAKESPAN_AGENTS,
                        MAKESPAN_TURN_MILLIS));
                JsonNode metrics = client.awaitMetrics(run, Duration.ofSeconds(60));
                double makespan = metrics.path("makespanSeconds").asDouble(Double.NaN);
                double bound = ThroughputBench.fold(client.events(run)).modelTimeLowerBound(MAKESPAN_AGENTS);
                double taskTimeBound = metrics.path("makespanLowerBoundSeconds").asDouble(Double.NaN);
                out.printf(Locale.ROOT, "%-14s%12.2f%12.2f%10.3f%14.3f%n", architecture, makespan, bound,
                        ThroughputBench.ratio(makespan, bound), ThroughputBench.ratio(makespan, taskTimeBound));
            } catch (TroupeClient.ClientException e) {
                failures.add("makespan " + architecture + ": " + e.getMessage());
                out.printf(Locale.ROOT, "%-14s failed: %s%n", architecture, e.getMessage());
            }
            out.flush();
        }
        out.printf(Locale.ROOT, "(unit-task bound of %s at n = %d: %d task-times)%n", MAKESPAN_SUITE, MAKESPAN_AGENTS,
                Bounds.unitMakespanLowerBound(20, 2, MAKESPAN_AGENTS));
    }

    /**
     * Conditional writes at 1, 8 and 64 writers into the workspace of a run cancelled at once (its team's member
     * writes), each level next to pgbench -N with as many clients (at most 8: the embedded server allows 60
     * connections, and the workspace's pool holds some) on the workspace's own PostgreSQL.
     */
    private void writes(TroupeClient client, LocalStack stack, int seconds, PrintWriter out) {
        String suite = "bench-none-1";
        client.uploadSuite(BenchSuites.zip(BenchSuites.independent(suite, 1, BenchSuites.Tests.NONE)));
        JsonNode created = client.createRun(spec(suite, "preassigned", 1, 600_000));
        String run = created.path("id").asText();
        client.cancelRun(run, "troupe bench throughput: a workspace to write into");
        client.ensureWorkspace(run);
        String agent = client.awaitRun(run, Duration.ofSeconds(30)).path("team").path(0).asText();
        WriteBench bench = new WriteBench(stack.workspaceUrl(), run, stack.credentials().agentToken(agent));
        Optional<PgBench> pgbench = workspaceDatabase(stack);
        out.println();
        out.printf(Locale.ROOT, "conditional writes: each writer its own file, If-Match on its last version, %d s per "
                + "level, workspace on its embedded PostgreSQL; pgbench -N on the same server, own database%n",
                seconds);
        String pgNote = "";
        if (pgbench.isEmpty()) {
            pgNote = "pgbench not found (Debian: apt-get install postgresql-client or postgresql); no figure";
        } else {
            try {
                pgbench.get().initialise();
            } catch (TroupeClient.ClientException e) {
                pgNote = "pgbench failed: " + e.getMessage();
                pgbench = Optional.empty();
            }
        }
        if (!pgNote.isEmpty()) {
            out.println(pgNote);
        }
        out.printf(Locale.ROOT, "%-8s%10s%8s%10s%10s%14s%10s%n", "writers", "writes/s", "errors", "p50 ms", "p99 ms",
                "pgbench tps", "ratio");
        out.flush();
        bench.measure("warm-up", 8, Duration.ofSeconds(2));
        for (int writers : List.of(1, 8, 64)) {
            WriteBench.Level level;
            try {
                level = bench.measure("w" + writers, writers, Duration.ofSeconds(seconds));
            } catch (TroupeClient.ClientException e) {
                failures.add(writers + " writers: " + e.getMessage());
                out.printf(Locale.ROOT, "%-8d failed: %s%n", writers, e.getMessage());
                continue;
            }
            String pg = "-";
            double tps = Double.NaN;
            if (pgbench.isPresent()) {
                int clients = Math.min(writers, 8);
                try {
                    tps = pgbench.get().tps(clients, seconds);
                    pg = String.format(Locale.ROOT, "%.0f (c=%d)", tps, clients);
                } catch (TroupeClient.ClientException e) {
                    failures.add("pgbench -c " + clients + ": " + e.getMessage());
                    pg = "failed";
                }
            }
            out.printf(Locale.ROOT, "%-8d%10.1f%8d%10.1f%10.1f%14s%10.3f%n", writers, level.perSecond(),
                    level.errors(), level.p50Millis(), level.p99Millis(), pg,
                    ThroughputBench.ratio(level.perSecond(), tps));
            out.flush();
        }
    }

    /** pgbench pointed at the workspace's embedded PostgreSQL (port, user and password from its data directory). */
    private static Optional<PgBench> workspaceDatabase(LocalStack stack) {
        Path data = stack.runDir().resolve("data").resolve("workspace-service");
        try {
            List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"));
            int port = Integer.parseInt(pid.get(3).strip());
            String password = Files.readString(data.resolve("troupe-password")).strip();
            return PgBench.find("127.0.0.1", port, "troupe", password);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Creates a run and waits for its end and its metrics; its id. Fails unless it completed. */
    private String finishedRun(TroupeClient client, Map<String, Object> spec) {
        String run = client.createRun(spec).path("id").asText();
        JsonNode view = client.awaitRun(run, runTimeout, POLL);
        if (!"COMPLETED".equals(view.path("status").asText())) {
            throw new TroupeClient.ClientException("run " + run + " ended " + view.path("status").asText() + ": "
                    + view.path("reason").asText());
        }
        client.awaitMetrics(run, Duration.ofSeconds(60));
        return run;
    }

    private static Map<String, Object> spec(String suite, String architecture, int agents, long latencyMillis) {
        return Map.of("suite", suite, "architecture", architecture, "agents", agents, "seed", 1,
                "experimentId", "bench-throughput",
                "model", Map.of("provider", "simulated", "name", "simulated-constant",
                        "latencyMillis", latencyMillis));
    }
}
