package io.troupe.agent.clients;

import io.troupe.protocol.clock.ClockCalls;
import java.time.Duration;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.protocol.suite.SuiteManifest;
import io.troupe.protocol.suite.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** The coordinator over HTTP ({@code troupe.coordinator-url}). */
@ApplicationScoped
public class CoordinatorHttpClient implements CoordinatorClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Longer than the coordinator holds a wait on the run clock (20 s) before it answers "not yet". */
    private static final Duration CLOCK_TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final ObjectMapper json;

    @Inject
    public CoordinatorHttpClient(AgentConfig config, ObjectMapper json) {
        this(config.coordinatorUrl(), json);
    }

    public CoordinatorHttpClient(String baseUrl, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Override
    public Map<String, String> solution(String runId, String suiteId, String taskId, String agentId) {
        var request = HttpRequest.newBuilder(java.net.URI.create(Http.uri(baseUrl, "api/suites", suiteId, "tasks",
                        taskId, "solution") + "?run="
                        + java.net.URLEncoder.encode(runId, java.nio.charset.StandardCharsets.UTF_8)))
                .timeout(TIMEOUT).header(TroupeHeaders.AGENT, agentId).GET().build();
        return read(request, ok(request, Http.send(request)), Solution.class).files();
    }

    @Override
    public void complete(String runId, String taskId, String agentId, Long epoch) {
        var request = post(agentId, epoch, "api/runs", runId, "tasks", taskId, "complete");
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw refusal(request, response);
        }
    }

    @Override
    public Lease claim(String runId, String taskId, String agentId) {
        var request = post(agentId, null, "api/runs", runId, "tasks", taskId, "claim");
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw refusal(request, response);
        }
        return lease(request, response, runId, taskId, agentId);
    }

    @Override
    public Lease assign(String runId, String taskId, String leadId, String agentId) {
        var request = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "tasks", taskId, "assign"))
                .timeout(TIMEOUT)
                .header(TroupeHeaders.AGENT, leadId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode().put("agent", agentId).toString()))
                .build();
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw refusal(request, response);
        }
        return lease(request, response, runId, taskId, agentId);
    }

    @Override
    public Lease renew(String runId, String taskId, String agentId, Long epoch) {
        var request = post(agentId, epoch, "api/runs", runId, "tasks", taskId, "renew");
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw refusal(request, response);
        }
        return lease(request, response, runId, taskId, agentId);
    }

    @Override
    public RunInfo run(String runId) {
        var request = get("api/runs", runId);
        return read(request, ok(request, Http.send(request)), RunInfo.class);
    }

    @Override
    public RunInfo board(String runId) {
        var request = get("api/runs", runId, "board");
        return read(request, ok(request, Http.send(request)), RunInfo.class);
    }

    @Override
    public List<TaskSpec> suiteTasks(String suiteId) {
        return manifest(suiteId).tasks();
    }

    @Override
    public java.util.Optional<SuiteManifest> suite(String suiteId) {
        return java.util.Optional.of(manifest(suiteId));
    }

    private SuiteManifest manifest(String suiteId) {
        var request = get("api/suites", suiteId);
        return read(request, ok(request, Http.send(request)), SuiteManifest.class);
    }

    @Override
    public ClockCalls.TimerAnswer sleep(String runId, String agentId, String taskId, Duration latency) {
        HttpRequest request = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "clock", "timers"))
                .timeout(CLOCK_TIMEOUT)
                .header(TroupeHeaders.AGENT, agentId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(new ClockCalls.TimerRequest(taskId,
                        latency.toMillis()))))
                .build();
        ClockCalls.TimerAnswer answer = timer(request);
        // The coordinator answers "not yet" after a while; ask again for the same timer until it fires.
        while (!answer.fired()) {
            request = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "clock", "timers",
                            Long.toString(answer.timer())))
                    .timeout(CLOCK_TIMEOUT).header(TroupeHeaders.AGENT, agentId).GET().build();
            answer = timer(request);
        }
        return answer;
    }

    private ClockCalls.TimerAnswer timer(HttpRequest request) {
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw refusal(request, response);
        }
        return read(request, response.body(), ClockCalls.TimerAnswer.class);
    }

    @Override
    public ClockCalls.Reading report(String runId, String agentId, ClockCalls.StateReport report) {
        HttpRequest request = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "clock", "state"))
                .timeout(TIMEOUT)
                .header(TroupeHeaders.AGENT, agentId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(report)))
                .build();
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw refusal(request, response);
        }
        return read(request, response.body(), ClockCalls.Reading.class);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest get(String... segments) {
        return HttpRequest.newBuilder(Http.uri(baseUrl, segments)).timeout(TIMEOUT).GET().build();
    }

    private HttpRequest post(String agentId, Long epoch, String... segments) {
        var builder = HttpRequest.newBuilder(Http.uri(baseUrl, segments))
                .timeout(TIMEOUT)
                .header(TroupeHeaders.AGENT, agentId)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (epoch != null) {
            builder.header(TroupeHeaders.LEASE_EPOCH, Long.toString(epoch));
        }
        return builder.build();
    }

    private static String ok(HttpRequest request, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw Http.unexpected(request, response);
        }
        return response.body();
    }

    private Lease lease(HttpRequest request, HttpResponse<String> response, String runId, String taskId,
                        String agentId) {
        LeaseBody body = read(request, response.body(), LeaseBody.class);
        return new Lease(runId, taskId, agentId, body.epoch(), body.expiresAt());
    }

    /** A 409 problem as what it means to the agent; anything else as a plain failed call. */
    private ServiceCallException refusal(HttpRequest request, HttpResponse<String> response) {
        if (response.statusCode() != 409) {
            return Http.unexpected(request, response);
        }
        JsonNode problem;
        try {
            problem = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            return Http.unexpected(request, response);
        }
        ProblemType type = ProblemType.fromType(problem.path("type").asText(null)).orElse(null);
        if (type == null) {
            return Http.unexpected(request, response);
        }
        String message = request.method() + " " + request.uri() + " answered 409 " + type.slug() + ": "
                + problem.path("detail").asText(response.body());
        if (type == ProblemType.STALE_LEASE) {
            return new StaleLeaseException(message);
        }
        if (ClaimRefusedException.PROBLEMS.contains(type)) {
            return new ClaimRefusedException(message, type, problem.path("state").asText(null));
        }
        return Http.unexpected(request, response);
    }

    private <T> T read(HttpRequest request, String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ServiceCallException("unreadable " + type.getSimpleName() + " from " + request.uri() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    record Solution(Map<String, String> files) {
        Solution {
            files = files == null ? Map.of() : files;
        }
    }

    record LeaseBody(long epoch, java.time.Instant expiresAt) {
    }
}
