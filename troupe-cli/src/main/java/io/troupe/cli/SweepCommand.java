package io.troupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the local stack, runs one suite with each team size, prints the table and stops
 * everything.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a suite with several team sizes on a local stack and print speedup, bound, tokens and "
                + "conflicts.")
public class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Small and fast: n = 1, 2, 3 with 100 ms simulated turns.")
    boolean quick;

    @Option(names = "--suite", defaultValue = "tiny", description = "Suite id (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--architecture", defaultValue = "preassigned",
            description = "Architecture (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--agents", split = ",", description = "Team sizes (default: 1,2,3,4; --quick: 1,2,3).")
    List<Integer> agents;

    @Option(names = "--latency-ms", description = "Simulated turn latency in ms (default 500; --quick: 100).")
    Long latencyMillis;

    @Option(names = "--run-timeout", defaultValue = "PT10M", description = "Longest wait for one run (ISO-8601).")
    Duration runTimeout;

    @Option(names = "--run-dir", description = "Directory for logs and data (default: .troupe/runs/sweep-<time>).")
    Path runDir;

    @Option(names = "--coordinator", description = "Drive a running deployment at this coordinator URL instead of "
            + "starting a local stack (needs --metrics).")
    String coordinatorUrl;

    @Option(names = "--metrics", description = "With --coordinator: the deployment's metrics service URL.")
    String metricsUrl;

    @Option(names = "--workspace", description = "With --coordinator: the workspace URL, to run the final tests "
            + "(optional).")
    String workspaceUrl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Integer> sizes = agents != null ? agents : quick ? List.of(1, 2, 3) : List.of(1, 2, 3, 4);
        long latency = latencyMillis != null ? latencyMillis : quick ? 100 : 500;
        if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1 || n > LocalStack.PARTITIONS)) {
            err.println("--agents: each team size must be between 1 and " + LocalStack.PARTITIONS);
            return 2;
        }
        if (coordinatorUrl != null) {
            return remote(sizes, latency, out, err);
        }
        Path dir = RunDirectory.resolve(runDir, "sweep");
        out.println("Troupe sweep: logs and data in " + dir);
        out.flush();
        AtomicReference<LocalStack> stack = new AtomicReference<>();
        try (var shutdown = new StackShutdown(() -> {
            if (stack.get() != null) {
                stack.get().close();
            }
        })) {
            stack.set(LocalStack.start(dir, StackPorts.anyFree(), Collections.max(sizes)));
            var client = new TroupeClient(stack.get().coordinatorUrl(), stack.get().workspaceUrl(),
                    stack.get().metricsUrl());
            return report(runAll(client, sizes, latency, out), out);
        } catch (RuntimeException e) {
            err.println("troupe sweep failed: " + e.getMessage());
            err.println("logs: " + dir.resolve("logs"));
            return 1;
        } finally {
            if (stack.get() != null) {
                stack.get().close();
            }
        }
    }

    /** Runs the sweep against a deployment that is already running (for example on Kubernetes). */
    private int remote(List<Integer> sizes, long latency, PrintWriter out, PrintWriter err) {
        if (metricsUrl == null) {
            err.println("--coordinator needs --metrics too: the table's figures come from the metrics service");
            return 2;
        }
        out.println("Troupe sweep against " + coordinatorUrl);
        try {
            return report(runAll(new TroupeClient(coordinatorUrl, workspaceUrl, metricsUrl), sizes, latency, out), out);
        } catch (RuntimeException e) {
            err.println("troupe sweep failed: " + e.getMessage());
            return 1;
        }
    }

    private static int report(List<SweepRow> rows, PrintWriter out) {
        out.println();
        out.print(SweepTable.render(rows));
        out.flush();
        return rows.stream().allMatch(SweepRow::succeeded) ? 0 : 1;
    }

    private List<SweepRow> runAll(TroupeClient client, List<Integer> sizes, long latency, PrintWriter out) {
        JsonNode s = client.suite(suite);
        out.printf(Locale.ROOT, "suite %s: %d tasks, critical path %d, p = %.2f; architecture %s; simulated agents, "
                        + "%d ms per turn%n", suite, s.path("tasks").size(), s.path("criticalPath").size(),
                s.path("parallelFraction").asDouble(), architecture, latency);
        String experiment = "sweep-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<SweepRow> rows = new ArrayList<>();
        for (int n : sizes) {
            String runId = client.createRun(suite, architecture, n, latency, experiment).path("id").asText();
            JsonNode run = client.awaitRun(runId, runTimeout);
            JsonNode m = client.awaitMetrics(runId, Duration.ofSeconds(60));
            int passed = SweepRow.NOT_TESTED;
            int total = SweepRow.NOT_TESTED;
            if (client.hasWorkspace()) {
                JsonNode tests = client.runAllTests(runId);
                passed = tests.path("passed").asInt();
                total = passed + tests.path("failed").asInt() + tests.path("errors").asInt();
            }
            SweepRow row = new SweepRow(n, runId, run.path("status").asText(), m.path("makespanSeconds").asDouble(),
                    m.path("amdahlBound").asDouble(), m.path("inputTokens").asLong(), m.path("outputTokens").asLong(),
                    m.path("writeConflicts").asLong(), passed, total);
            out.printf(Locale.ROOT, "  n = %d: run %s %s in %.2f s%s%n", n, runId, row.status(),
                    row.makespanSeconds(), total == SweepRow.NOT_TESTED ? "" : ", final tests " + passed + "/" + total);
            out.flush();
            rows.add(row);
        }
        return rows;
    }
}
