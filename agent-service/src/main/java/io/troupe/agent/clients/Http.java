package io.troupe.agent.clients;

import io.troupe.agent.tracing.AgentTracing;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The shared JDK HTTP client of the peer clients, and URI helpers. */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Http() {
    }

    /** {@code base} joined with {@code segments}, each percent-encoded ({@code /} inside a segment kept). */
    static URI uri(String base, String... segments) {
        String path = Arrays.stream(segments)
                .map(Http::encodePath)
                .collect(Collectors.joining("/"));
        return URI.create(base.replaceAll("/+$", "") + "/" + path);
    }

    private static String encodePath(String segment) {
        return Arrays.stream(segment.split("/", -1))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(AgentTracing.propagate(AgentCredentials.sign(request)),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServiceCallException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceCallException(request.method() + " " + request.uri() + " was interrupted", e);
        }
    }

    static ServiceCallException unexpected(HttpRequest request, HttpResponse<String> response) {
        return new ServiceCallException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                + ": " + response.body(), response.statusCode());
    }

    /** The version in an {@code ETag} such as {@code "3"} or {@code W/"3"}. */
    static long version(HttpResponse<?> response) {
        String etag = response.headers().firstValue("ETag")
                .orElseThrow(() -> new ServiceCallException(response.request().uri() + " answered without an ETag",
                        response.statusCode()));
        return Long.parseLong(etag.replaceFirst("^W/", "").replace("\"", "").trim());
    }
}
