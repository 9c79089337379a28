package io.troupe.agent.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.agent.clock.AgentClock;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workspace service over HTTP ({@code troupe.workspace-url}). */
@ApplicationScoped
public class WorkspaceHttpClient implements WorkspaceClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    // Test commands run with the workspace's own time limit; this only guards against a hung peer.
    private static final Duration TEST_RUN_TIMEOUT = Duration.ofMinutes(10);
    /** A test run refused with 429 (the run's queue is full) is asked for again at most this often. */
    private static final int MAX_TEST_RUN_RETRIES = 5;
    private static final long MAX_RETRY_AFTER_SECONDS = 30;

    private final String baseUrl;
    private final ObjectMapper json;
    private final AgentClock clock;

    public WorkspaceHttpClient(AgentConfig config, ObjectMapper json, AgentClock clock) {
        this.baseUrl = config.workspaceUrl();
        this.json = json;
        this.clock = clock;
    }

    /** An agent of a run on the run clock tells the workspace its run's time, which stamps what it causes. */
    private HttpRequest.Builder runTime(HttpRequest.Builder builder, String runId, String agentId) {
        clock.runTime(runId, agentId).ifPresent(at -> builder.header(TroupeHeaders.RUN_TIME, at.toString()));
        return builder;
    }

    @Override
    public Optional<FileHead> read(String runId, String path) {
        var request = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "files", path))
                .timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = Http.send(request);
        return switch (response.statusCode()) {
            case 200 -> Optional.of(new FileHead(response.body(), Http.version(response),
                    response.headers().firstValue(TroupeHeaders.AUTHOR).orElse(null)));
            case 404 -> Optional.empty();
            default -> throw Http.unexpected(request, response);
        };
    }

    @Override
    public WriteOutcome write(String runId, String path, String content, Long baseVersion, String agentId) {
        var builder = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "files", path))
                .timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header(TroupeHeaders.AGENT, agentId)
                .PUT(HttpRequest.BodyPublishers.ofString(content));
        if (baseVersion == null) {
            builder.header("If-None-Match", "*");
        } else {
            builder.header("If-Match", "\"" + baseVersion + "\"");
        }
        HttpRequest request = runTime(builder, runId, agentId).build();
        HttpResponse<String> response = Http.send(request);
        return switch (response.statusCode()) {
            case 200, 201 -> new WriteOutcome.Written(Http.version(response));
            case 412 -> conflict(request, response);
            default -> throw Http.unexpected(request, response);
        };
    }

    /** A {@code write-conflict} problem as the head it lost to; any other 412 (a weak tag, say) is a failed call. */
    private WriteOutcome.Conflict conflict(HttpRequest request, HttpResponse<String> response) {
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw Http.unexpected(request, response);
        }
        if (ProblemType.fromType(body.path("type").asText(null)).orElse(null) != ProblemType.WRITE_CONFLICT) {
            throw Http.unexpected(request, response);
        }
        JsonNode head = body.path("headVersion");
        return new WriteOutcome.Conflict(head.isNumber() ? head.asLong() : null, body.path("headAuthor").asText(null));
    }

    @Override
    public List<FileInfo> list(String runId) {
        var request = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "files"))
                .timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw Http.unexpected(request, response);
        }
        try {
            return List.of(json.readValue(response.body(), FileInfo[].class));
        } catch (JsonProcessingException e) {
            throw new ServiceCallException("unreadable file list from " + request.uri() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public TestRunResult runTests(String runId, List<String> paths, String agentId) {
        HttpRequest request;
        HttpResponse<String> response;
        int attempt = 0;
        while (true) {
            var builder = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "test-runs"))
                    .timeout(TEST_RUN_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(TroupeHeaders.AGENT, agentId);
            request = runTime(builder, runId, agentId)
                    .POST(HttpRequest.BodyPublishers.ofString(toJson(paths.isEmpty() ? Map.of()
                            : Map.of("paths", paths))))
                    .build();
            response = Http.send(request);
            // Too many of the run's test runs wait already: wait as long as the workspace asks, a few times.
            if (response.statusCode() != 429 || ++attempt > MAX_TEST_RUN_RETRIES) {
                break;
            }
            pause(response.headers().firstValue("Retry-After").map(WorkspaceHttpClient::seconds).orElse(1L));
        }
        if (response.statusCode() != 200) {
            throw Http.unexpected(request, response);
        }
        try {
            return json.readValue(response.body(), TestRunResult.class);
        } catch (JsonProcessingException e) {
            throw new ServiceCallException("unreadable test run result from " + request.uri() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.min(Math.max(Long.parseLong(retryAfter.trim()), 1), MAX_RETRY_AFTER_SECONDS);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void pause(long seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceCallException("interrupted while waiting to run tests again", e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
