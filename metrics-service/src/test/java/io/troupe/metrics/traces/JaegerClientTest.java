package io.troupe.metrics.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jaeger's query API v3 played by a local HTTP server answering what Jaeger answers: OTLP/JSON under "result". */
class JaegerClientTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private HttpServer jaeger;

    @BeforeEach
    void startJaeger() throws Exception {
        jaeger = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jaeger.createContext("/api/v3/traces/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().endsWith("/" + TRACE);
            byte[] body = (known ? """
                    {"result": {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name",
                      "value": {"stringValue": "coordinator-service"}}]}, "scopeSpans": [{"spans": [
                      {"traceId": "%s", "spanId": "00f067aa0ba902b7", "name": "run", "kind": 1,
                       "startTimeUnixNano": "1000000000", "endTimeUnixNano": "3000000000",
                       "attributes": [{"key": "troupe.run.id", "value": {"stringValue": "run-1"}}]}]}]}]}}
                    """.formatted(TRACE) : "{\"error\": {\"message\": \"trace not found\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jaeger.start();
    }

    @AfterEach
    void stopJaeger() {
        jaeger.stop(0);
    }

    @Test
    void traceIsFetchedFromTheQueryApiV3() throws Exception {
        // When a known and an unknown trace are fetched
        JaegerClient client = new JaegerClient("http://127.0.0.1:" + jaeger.getAddress().getPort() + "/");
        List<StoredSpan> known = client.trace(TRACE);
        List<StoredSpan> unknown = client.trace("0af7651916cd43dd8448eb211c80319c");

        // Then
        assertThat(known).singleElement().satisfies(s -> {
            assertThat(s.traceId()).isEqualTo(TRACE);
            assertThat(s.spanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(s.name()).isEqualTo("run");
            assertThat(s.service()).isEqualTo("coordinator-service");
            assertThat(s.attribute("troupe.run.id")).isEqualTo("run-1");
        });
        assertThat(unknown).isEmpty();
    }
}
