package io.troupe.agent.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.TroupeHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The coordinator over HTTP ({@code troupe.coordinator-url}). */
@ApplicationScoped
public class CoordinatorHttpClient implements CoordinatorClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final ObjectMapper json;

    public CoordinatorHttpClient(AgentConfig config, ObjectMapper json) {
        this.baseUrl = config.coordinatorUrl();
        this.json = json;
    }

    @Override
    public Map<String, String> solution(String suiteId, String taskId) {
        var request = HttpRequest.newBuilder(Http.uri(baseUrl, "api/suites", suiteId, "tasks", taskId, "solution"))
                .timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw Http.unexpected(request, response);
        }
        try {
            return json.readValue(response.body(), Solution.class).files();
        } catch (JsonProcessingException e) {
            throw new ServiceCallException("unreadable solution from " + request.uri() + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    @Override
    public void complete(String runId, String taskId, String agentId) {
        var request = HttpRequest.newBuilder(Http.uri(baseUrl, "api/runs", runId, "tasks", taskId, "complete"))
                .timeout(TIMEOUT)
                .header(TroupeHeaders.AGENT, agentId)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() != 200) {
            throw Http.unexpected(request, response);
        }
    }

    record Solution(Map<String, String> files) {
        Solution {
            files = files == null ? Map.of() : files;
        }
    }
}
