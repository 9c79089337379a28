package io.troupe.metrics.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OTLP/HTTP bodies of the trace signal, in both encodings, with the official proto classes.
 * OTLP/JSON differs from protobuf's canonical JSON in one way that matters here: trace and span
 * ids are hex, not base64; they are turned into base64 before protobuf's JSON parser reads them.
 */
public final class OtlpCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-fA-F]{16}|[0-9a-fA-F]{32}");
    private static final List<String> ID_FIELDS = List.of("traceId", "spanId", "parentSpanId");

    private OtlpCodec() {
    }

    public static ExportTraceServiceRequest fromProtobuf(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an OTLP ExportTraceServiceRequest in protobuf: "
                    + e.getMessage(), e);
        }
    }

    /** An {@code ExportTraceServiceRequest} (or a {@code TracesData}: same fields) in OTLP/JSON. */
    public static ExportTraceServiceRequest fromJson(String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException("an OTLP/JSON body is a JSON object with resourceSpans");
            }
            hexIdsToBase64(tree);
            ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(JSON.writeValueAsString(tree), request);
            return request.build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an OTLP/JSON ExportTraceServiceRequest: " + e.getMessage(), e);
        }
    }

    public static byte[] responseProtobuf(long rejected, String message) {
        return response(rejected, message).toByteArray();
    }

    public static String responseJson(long rejected, String message) {
        try {
            return JsonFormat.printer().print(response(rejected, message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExportTraceServiceResponse response(long rejected, String message) {
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (rejected > 0) {
            response.getPartialSuccessBuilder().setRejectedSpans(rejected).setErrorMessage(message);
        }
        return response.build();
    }

    /** Every span of {@code request}, flattened with its service name. */
    public static List<StoredSpan> spans(ExportTraceServiceRequest request) {
        List<StoredSpan> spans = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            Map<String, Object> resourceAttributes = attributes(resource.getResource().getAttributesList());
            String service = String.valueOf(resourceAttributes.getOrDefault("service.name", "unknown"));
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.add(stored(span, service));
                }
            }
        }
        return spans;
    }

    private static StoredSpan stored(Span span, String service) {
        List<StoredSpan.Link> links = span.getLinksList().stream()
                .map(l -> new StoredSpan.Link(hex(l.getTraceId()), hex(l.getSpanId()))).toList();
        String parent = span.getParentSpanId().isEmpty() ? null : hex(span.getParentSpanId());
        Status.StatusCode code = span.getStatus().getCode();
        return new StoredSpan(hex(span.getTraceId()), hex(span.getSpanId()), parent, span.getName(), service,
                span.getKind().name().replaceFirst("^SPAN_KIND_", ""), instant(span.getStartTimeUnixNano()),
                instant(span.getEndTimeUnixNano()), code.name().replaceFirst("^STATUS_CODE_", ""),
                attributes(span.getAttributesList()), links);
    }

    private static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        keyValues.forEach(kv -> attributes.put(kv.getKey(), value(kv.getValue())));
        return attributes;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpCodec::value).toList();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case VALUE_NOT_SET -> null;
        };
    }

    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    private static Instant instant(long unixNanos) {
        return Instant.ofEpochSecond(unixNanos / 1_000_000_000L, unixNanos % 1_000_000_000L);
    }

    /** Rewrites hex trace and span ids (spans and their links) to the base64 protobuf's JSON expects. */
    private static void hexIdsToBase64(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (String field : ID_FIELDS) {
                JsonNode id = object.get(field);
                if (id != null && id.isTextual() && HEX_ID.matcher(id.asText()).matches()) {
                    object.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id.asText())));
                }
            }
            object.elements().forEachRemaining(OtlpCodec::hexIdsToBase64);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(OtlpCodec::hexIdsToBase64);
        }
    }
}
