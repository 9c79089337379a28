package io.troupe.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.RawHttp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or careless client sends the metrics service: OTLP bodies over the byte cap, more
 * spans than the span store's byte cap holds (readiness turns DOWN instead of the heap running
 * out), malformed bodies, oversized URIs and headers, unknown routes. A profile of its own (a
 * small span store), so it boots its own app.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@TestProfile(HostileInputIT.SmallSpanStore.class)
class HostileInputIT {
    private static final String PROBLEM = "application/problem+json";

    /** A span store of 200 kB. */
    public static class SmallSpanStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troupe.metrics.max-span-bytes", "200000");
        }
    }

    static ValidatableResponse problem(ValidatableResponse response, int status, String named) {
        return response.statusCode(status).contentType(startsWith(PROBLEM)).body("status", equalTo(status))
                .body("title", notNullValue()).body("detail", containsString(named));
    }

    /** An OTLP/JSON export of {@code count} spans of one new trace, each with an attribute of {@code pad} chars. */
    private static String export(int count, int pad) {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        StringBuilder spans = new StringBuilder();
        for (int i = 0; i < count; i++) {
            spans.append(i == 0 ? "" : ",").append("""
                    {"traceId": "%s", "spanId": "%016x", "name": "turn", "kind": 1,
                     "startTimeUnixNano": "1000", "endTimeUnixNano": "2000",
                     "attributes": [{"key": "pad", "value": {"stringValue": "%s"}}]}""".formatted(traceId, i + 1,
                    "p".repeat(pad)));
        }
        return "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [" + spans + "]}]}]}";
    }

    @Test
    void aSpanStoreOverItsByteCapRejectsSpansAndTurnsReadinessDown() {
        // Given a ready service
        given().get("/q/health/ready").then().statusCode(200);

        // When exports of about 100 kB of spans each are sent, three times the store's 200 kB
        for (int i = 0; i < 6; i++) {
            given().contentType(ContentType.JSON).body(export(20, 2_000)).post("/v1/traces").then().statusCode(200);
        }

        // Then the exporter is told spans were rejected, and readiness is DOWN, naming the span store
        given().contentType(ContentType.JSON).body(export(20, 2_000)).post("/v1/traces").then().statusCode(200)
                .body("partialSuccess.rejectedSpans", equalTo("20"));
        given().get("/q/health/ready").then().statusCode(503).body("checks.name", hasItem("span-store"))
                .body("checks.find { it.name == 'span-store' }.status", equalTo("DOWN"));
    }

    @Test
    void anOtlpBodyOverTheByteCapIsRefusedWithAProblem() throws Exception {
        // 5 MiB announced, over quarkus.http.limits.max-body-size (4M): answered before the body is read
        RawHttp tooLarge = RawHttp.exchange(RestAssured.port, "POST /v1/traces HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-protobuf\r\nContent-Length: " + 5 * 1024 * 1024);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith(PROBLEM);
        assertThat(tooLarge.body()).contains("\"status\":413", "4194304");
        // and a body just under the cap that is not an export is a 400 problem, not an error
        problem(given().contentType("application/x-protobuf").body(new byte[3 * 1024 * 1024]).post("/v1/traces")
                .then(), 400, "OTLP");
        problem(given().contentType(ContentType.JSON).body("{\"resourceSpans\": ").post("/v1/traces").then(), 400,
                "");
    }

    @Test
    void theHttpLayersOwnRefusalsAreProblems() {
        problem(given().get("/api/nothing-here").then(), 404, "");
        problem(given().delete("/v1/traces").then(), 405, "");
        problem(given().contentType(ContentType.TEXT).body("x").post("/v1/traces").then(), 415, "");
        problem(given().get("/api/runs/" + "r".repeat(5000) + "/metrics").then(), 414, "4096");
        problem(given().header("X-Filler", "f".repeat(20_000)).get("/api/runs/r/metrics").then(), 431, "16384");
    }
}
