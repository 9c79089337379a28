package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent service's fault test, on the local stack as {@code ./troupe up} runs it (each service a process
 * of its own): the agent service is killed (SIGKILL) in the middle of a preassigned run and started again.
 * Its workers' tasks were leased to agents that no longer exist; the run must complete within two leases of
 * the restart (a task whose agent died comes back after one lease), every task DONE.
 */
class AgentServiceKillIT {
    /** The coordinator's default lease of a claim (troupe.board.lease-duration). */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    @Test
    void aPreassignedRunCompletesWithinTwoLeasesOfItsAgentServicesRestart() throws Exception {
        try (LocalStack stack = LocalStack.start(runDir, StackPorts.anyFree(), 4, 1.0,
                LocalStack.TestSandbox.TRUSTED)) {
            var client = new TroupeClient(stack.coordinatorUrl(), stack.workspaceUrl(), stack.metricsUrl(),
                    stack.credentials().operatorToken());
            client.awaitIdleAgents(4, Duration.ofSeconds(60));
            // Given a preassigned run of numlib-p09 (20 tasks) for two agents, 300 ms turns, the default leases,
            // which has done three tasks
            String runId = createRun(stack, """
                    {"suite": "numlib-p09", "architecture": "preassigned", "agents": 2, "clock": "wall",
                     "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 300}}""");
            Instant deadline = Instant.now().plusSeconds(60);
            while (done(run(stack, runId)) < 3) {
                assertThat(Instant.now()).as("run %s did three tasks within 60 s", runId).isBefore(deadline);
                Thread.sleep(100);
            }

            // When the agent service is killed and started again (the same workers, the same ids)
            int doneAtKill = done(run(stack, runId));
            stack.restart("agent-service");
            Instant back = Instant.now();

            // Then the run completes within two leases of the restart, every task DONE
            JsonNode run = client.awaitRun(runId, LEASE.multipliedBy(2).plusSeconds(30));
            Duration afterRestart = Duration.between(back, Instant.now());
            System.out.printf("agent service kill test: %d of 20 tasks done at the kill; the run ended %d s after "
                    + "the restart (lease %d s)%n", doneAtKill, afterRestart.toSeconds(), LEASE.toSeconds());
            assertThat(run.path("status").asText()).as("run %s: %s", runId, run).isEqualTo("COMPLETED");
            assertThat(done(run)).isEqualTo(20);
            // (the run's own remaining work after the kill, ~17 tasks on two agents, takes ~10 s: the bound below
            // is two leases plus that)
            assertThat(afterRestart).isLessThan(LEASE.multipliedBy(2).plusSeconds(15));
        }
    }

    private static String createRun(LocalStack stack, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.coordinatorUrl()
                        + "/api/runs")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.credentials().operatorToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    private static JsonNode run(LocalStack stack, String runId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.coordinatorUrl()
                        + "/api/runs/" + runId))
                .header("Authorization", "Bearer " + stack.credentials().operatorToken())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int done(JsonNode run) {
        int n = 0;
        for (JsonNode task : run.path("tasks")) {
            if ("DONE".equals(task.path("state").asText())) {
                n++;
            }
        }
        return n;
    }
}
