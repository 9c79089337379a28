package io.troupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.TroupeEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The few REST calls the CLI makes, against a local or a remote deployment. */
public final class TroupeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String coordinator;
    private final String workspace;
    private final String metrics;
    private final String token;

    /** Calls the services with the operator's bearer {@code token} (null: no credential, every call a 401). */
    public TroupeClient(String coordinator, String workspace, String metrics, String token) {
        this.coordinator = coordinator;
        this.workspace = workspace;
        this.metrics = metrics;
        this.token = token;
    }

    public String metricsUrl() {
        return metrics;
    }

    /** Whether final tests can be run (a remote sweep may not reach the workspace). */
    public boolean hasWorkspace() {
        return workspace != null;
    }

    public JsonNode suite(String suite) {
        return send("GET", coordinator + "/api/suites/" + suite, null, 200);
    }

    public JsonNode createRun(String suite, String architecture, int agents, String model, long latencyMillis,
                              long seed, String experimentId) {
        return createRun(suite, architecture, agents, model, latencyMillis, seed, experimentId, null);
    }

    /** As above, in {@code execution} ({@code event-driven} or {@code rounds}; null: the default). */
    public JsonNode createRun(String suite, String architecture, int agents, String model, long latencyMillis,
                              long seed, String experimentId, String execution) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("suite", suite, "architecture",
                architecture, "agents", agents, "experimentId", experimentId, "seed", seed,
                "model", Map.of("provider", "simulated", "name", model, "latencyMillis", latencyMillis)));
        if (execution != null) {
            body.put("execution", execution);
        }
        return send("POST", coordinator + "/api/runs", body, 201);
    }

    /**
     * The run's critical path as the metrics service rebuilds it ({@code GET /api/runs/{run}/critical-path});
     * null if the service has none to give (an older service, or a run it cannot analyse).
     */
    public JsonNode criticalPath(String runId) {
        try {
            return send("GET", metrics + "/api/runs/" + runId + "/critical-path", null, 200);
        } catch (ClientException e) {
            return null;
        }
    }

    /** Creates a run from a whole RunSpec ({@code POST /api/runs}); the run view. */
    public JsonNode createRun(Map<String, Object> spec) {
        return send("POST", coordinator + "/api/runs", spec, 201);
    }

    /** Cancels a run ({@code POST /api/runs/{run}/cancel}); the run view. */
    public JsonNode cancelRun(String runId, String reason) {
        return send("POST", coordinator + "/api/runs/" + runId + "/cancel", Map.of("reason", reason), 200);
    }

    /** Uploads a suite as a zip ({@code POST /api/suites}); the suite's detail. */
    public JsonNode uploadSuite(byte[] zip) {
        return send("POST", coordinator + "/api/suites", "application/zip", HttpRequest.BodyPublishers.ofByteArray(zip),
                201);
    }

    /** Creates the run's workspace if it has none yet ({@code PUT /api/runs/{run}} on the workspace). */
    public void ensureWorkspace(String runId) {
        send("PUT", workspace + "/api/runs/" + runId, "application/json",
                HttpRequest.BodyPublishers.ofString("{\"mode\": \"optimistic\"}"), Set.of(200, 201));
    }

    /**
     * Every distinct event of a run as the metrics service logged it ({@code GET /api/exports/events.json}),
     * decoded into the protocol's records; types this version does not know are left out.
     */
    public List<TroupeEvent> events(String runId) {
        List<TroupeEvent> events = new ArrayList<>();
        for (JsonNode logged : send("GET", metrics + "/api/exports/events.json?run=" + runId, null, 200)) {
            Events.fromJson(logged.path("type").asText(), logged.path("event").toString()).ifPresent(events::add);
        }
        return events;
    }

    /** The agents the deployment's pool provides ({@code GET /api/agents}). */
    public int agentCapacity() {
        return send("GET", coordinator + "/api/agents", null, 200).path("capacity").asInt();
    }

    /**
     * Polls the coordinator until {@code n} agents have announced themselves idle. A run started
     * before would find none and fall back to agent-1 … agent-n, the same ids for every run: runs
     * side by side would then share their agents.
     */
    public void awaitIdleAgents(int n, Duration timeout) {
        poll(() -> send("GET", coordinator + "/api/agents", null, 200),
                view -> count(view.path("agents"), a -> "IDLE".equals(a.path("state").asText())) >= n, timeout,
                n + " idle agents to announce themselves to the coordinator");
    }

    private static long count(JsonNode array, Predicate<JsonNode> which) {
        long n = 0;
        for (JsonNode element : array) {
            if (which.test(element)) {
                n++;
            }
        }
        return n;
    }

    /** Polls the run until it is no longer RUNNING. */
    public JsonNode awaitRun(String runId, Duration timeout) {
        return awaitRun(runId, timeout, POLL);
    }

    /** Polls the run every {@code interval} until it is no longer RUNNING. */
    public JsonNode awaitRun(String runId, Duration timeout, Duration interval) {
        return poll(() -> send("GET", coordinator + "/api/runs/" + runId, null, 200),
                run -> !"RUNNING".equals(run.path("status").asText()), timeout, "run " + runId + " to finish",
                interval);
    }

    /** Polls the metrics service until it has seen the run finish (it learns from events, a little later). */
    public JsonNode awaitMetrics(String runId, Duration timeout) {
        return poll(() -> {
            try {
                return send("GET", metrics + "/api/runs/" + runId + "/metrics", null, 200);
            } catch (ClientException e) {
                return JSON.createObjectNode();
            }
        }, m -> m.hasNonNull("finishedAt"), timeout, "the metrics of run " + runId);
    }

    /** Runs all of the suite's tests on the run's final files. */
    public JsonNode runAllTests(String runId) {
        return send("POST", workspace + "/api/runs/" + runId + "/test-runs", Map.of(), 200);
    }

    private JsonNode poll(java.util.function.Supplier<JsonNode> fetch, Predicate<JsonNode> done, Duration timeout,
                          String what) {
        return poll(fetch, done, timeout, what, POLL);
    }

    private JsonNode poll(java.util.function.Supplier<JsonNode> fetch, Predicate<JsonNode> done, Duration timeout,
                          String what, Duration interval) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode value = fetch.get();
            if (done.test(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ClientException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException("interrupted while waiting for " + what);
            }
        }
    }

    /**
     * Uploads a zip of a directory of task lists laid out as the paper's ({@code POST /api/suites/task-lists});
     * the suites made, {@code {"suites": [..]}}.
     *
     * @param prefix the suites' id prefix; null for the zip's top-level directory
     */
    public JsonNode importTaskLists(byte[] zip, String prefix) {
        String query = prefix == null ? "" : "?prefix=" + java.net.URLEncoder.encode(prefix,
                java.nio.charset.StandardCharsets.UTF_8);
        return send("POST", coordinator + "/api/suites/task-lists" + query, "application/zip",
                HttpRequest.BodyPublishers.ofByteArray(zip), 201);
    }

    private JsonNode send(String method, String url, Object body, int expected) {
        try {
            return body == null ? send(method, url, null, HttpRequest.BodyPublishers.noBody(), expected)
                    : send(method, url, "application/json",
                    HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), expected);
        } catch (IOException e) {
            throw new ClientException(method + " " + url + " failed: " + e.getMessage());
        }
    }

    private JsonNode send(String method, String url, String contentType, HttpRequest.BodyPublisher body,
                          int expected) {
        return send(method, url, contentType, body, Set.of(expected));
    }

    private JsonNode send(String method, String url, String contentType, HttpRequest.BodyPublisher body,
                          Set<Integer> expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                    .header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.method(method, body);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (!expected.contains(response.statusCode())) {
                throw new ClientException(method + " " + url + " answered " + response.statusCode() + ": "
                        + problemDetail(response.body()));
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ClientException(method + " " + url + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted during " + method + " " + url);
        }
    }

    private static String problemDetail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (!problem.has("detail")) {
                return body;
            }
            // An invalid suite's detail shows the first few problems; the list has them all.
            StringBuilder detail = new StringBuilder(problem.get("detail").asText());
            if (problem.path("problems").size() > 1) {
                problem.get("problems").forEach(p -> detail.append(System.lineSeparator()).append("  - ")
                        .append(p.asText()));
            }
            return detail.toString();
        } catch (IOException e) {
            return body;
        }
    }

    /** A call to a Troupe service that did not answer as expected; the message says what happened. */
    public static final class ClientException extends RuntimeException {
        public ClientException(String message) {
            super(message);
        }
    }
}
