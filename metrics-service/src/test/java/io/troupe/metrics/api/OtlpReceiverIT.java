package io.troupe.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.troupe.testkit.KafkaResource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
class OtlpReceiverIT {

    @Test
    void spansSentAsProtobufAndAsJsonAreServedAsTheRunsTrace() throws Exception {
        // Given a run's trace: its run and task spans from the coordinator, in protobuf
        String run = "run-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        var runSpan = span(traceId, "1000000000000001", null, "run", 0, 10, Map.of("troupe.run.id", run));
        var taskA = span(traceId, "1000000000000002", "1000000000000001", "task", 1, 4,
                Map.of("troupe.run.id", run, "troupe.task.id", "a"));
        var taskB = span(traceId, "1000000000000003", "1000000000000001", "task", 4, 9,
                Map.of("troupe.run.id", run, "troupe.task.id", "b")).toBuilder()
                .addLinks(Span.Link.newBuilder().setTraceId(id(traceId)).setSpanId(id("1000000000000002"))).build();
        byte[] protobuf = request("coordinator-service", runSpan, taskA, taskB).toByteArray();
        // and, first, the trace of the request that created the run, whose workspace span names the run too
        String requestTrace = UUID.randomUUID().toString().replace("-", "");
        given().contentType("application/x-protobuf")
                .body(request("workspace-service", span(requestTrace, "3000000000000001", null, "workspace.create",
                        0, 1, Map.of("troupe.run.id", run))).toByteArray())
                .when().post("/v1/traces")
                .then().statusCode(200);

        // When they are exported over OTLP/HTTP protobuf, and an agent's chat span (no run attribute) as OTLP/JSON
        byte[] answer = given().contentType("application/x-protobuf").body(protobuf)
                .when().post("/v1/traces")
                .then().statusCode(200).contentType("application/x-protobuf")
                .extract().asByteArray();
        String json = """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name",
                   "value": {"stringValue": "agent-service"}}]},
                  "scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "2000000000000001",
                    "parentSpanId": "1000000000000003", "name": "chat simulated-constant", "kind": 3,
                    "startTimeUnixNano": "5000000000", "endTimeUnixNano": "7000000000",
                    "attributes": [{"key": "gen_ai.usage.input_tokens", "value": {"intValue": "120"}},
                                   {"key": "gen_ai.request.model", "value": {"stringValue": "simulated-constant"}}]
                  }]}]}]}""".formatted(traceId);
        given().contentType(ContentType.JSON).body(json)
                .when().post("/v1/traces")
                .then().statusCode(200).body(equalTo("{\n}"));

        // Then the exporter was told nothing was rejected, and the run's spans are its whole trace
        assertThat(ExportTraceServiceResponse.parseFrom(answer).hasPartialSuccess()).isFalse();
        JsonPath spans = given().when().get("/api/runs/{run}/spans", run)
                .then().statusCode(200).extract().jsonPath();
        assertThat(spans.getList("name")).containsExactly("run", "task", "task", "chat simulated-constant");
        assertThat(spans.getList("traceId")).containsOnly(traceId);
        assertThat(spans.getList("service")).containsExactly("coordinator-service", "coordinator-service",
                "coordinator-service", "agent-service");
        assertThat(spans.getString("[0].parentSpanId")).isNull();
        assertThat(spans.getString("[2].parentSpanId")).isEqualTo("1000000000000001");
        assertThat(spans.getList("[2].links.spanId")).containsExactly("1000000000000002");
        assertThat(spans.getString("[2].attributes['troupe.task.id']")).isEqualTo("b");
        assertThat(spans.getString("[3].kind")).isEqualTo("CLIENT");
        assertThat(spans.getLong("[3].attributes['gen_ai.usage.input_tokens']")).isEqualTo(120L);
        assertThat(spans.getString("[3].start")).isEqualTo("1970-01-01T00:00:05Z");
    }

    @Test
    void malformedExportIsABadRequestProblem() {
        given().contentType("application/x-protobuf").body(new byte[] {(byte) 0xff, 0x01, 0x02})
                .when().post("/v1/traces")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("OTLP"));
        given().contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/v1/traces")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("resourceSpans"));
    }

    @Test
    void spansOfARunWithoutATraceAreANotFoundProblem() {
        given().when().get("/api/runs/{run}/spans", "no-such-run")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://troupe.dev/problems/trace-not-found"))
                .body("detail", containsString("no-such-run"));
    }

    static ExportTraceServiceRequest request(String service, Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    }

    static Span span(String traceId, String spanId, String parent, String name, long fromSecond, long toSecond,
                     Map<String, String> attributes) {
        Span.Builder span = Span.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId)).setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(fromSecond * 1_000_000_000L).setEndTimeUnixNano(toSecond * 1_000_000_000L);
        if (parent != null) {
            span.setParentSpanId(id(parent));
        }
        attributes.forEach((k, v) -> span.addAttributes(attribute(k, v)));
        return span.build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
