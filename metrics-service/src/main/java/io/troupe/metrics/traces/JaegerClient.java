package io.troupe.metrics.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Fetches a trace from Jaeger's query API v3 ({@code GET /api/v3/traces/{trace id}}), whose answer
 * is OTLP/JSON {@code TracesData} wrapped in {@code {"result": ...}}.
 */
public final class JaegerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String baseUrl;

    public JaegerClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** The trace's spans; empty if Jaeger does not know it. Throws if Jaeger cannot be asked. */
    public List<StoredSpan> trace(String traceId) throws IOException {
        if (!traceId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not a trace id: " + traceId);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v3/traces/" + traceId))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking Jaeger", e);
        }
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Jaeger answered " + response.statusCode() + " to " + request.uri());
        }
        JsonNode body = JSON.readTree(response.body());
        JsonNode traces = body.has("result") ? body.get("result") : body;
        return OtlpCodec.spans(OtlpCodec.fromJson(JSON.writeValueAsString(traces)));
    }
}
