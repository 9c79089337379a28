package io.troupe.metrics.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.metrics.traces.OtlpCodec;
import io.troupe.metrics.traces.TraceService;
import io.troupe.support.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf or JSON, as exporters and the
 * OpenTelemetry Collector send).
 */
@Path("/v1/traces")
public class TraceResource {
    static final String PROTOBUF = "application/x-protobuf";
    private static final String FULL = "the span store is full (troupe.metrics.max-spans)";

    private final TraceService traces;

    public TraceResource(TraceService traces) {
        this.traces = traces;
    }

    @RolesAllowed({Roles.SERVICE, Roles.AGENT})
    @POST
    @Consumes(PROTOBUF)
    @Produces(PROTOBUF)
    public byte[] exportProtobuf(byte[] body) {
        long rejected = traces.receive(OtlpCodec.spans(decode(() -> OtlpCodec.fromProtobuf(body))));
        return OtlpCodec.responseProtobuf(rejected, FULL);
    }

    @RolesAllowed({Roles.SERVICE, Roles.AGENT})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String exportJson(String body) {
        long rejected = traces.receive(OtlpCodec.spans(decode(() -> OtlpCodec.fromJson(body))));
        return OtlpCodec.responseJson(rejected, FULL);
    }

    private static <T> T decode(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage() + "; send an OTLP ExportTraceServiceRequest as "
                    + PROTOBUF + " or application/json (OTLP/HTTP)");
        }
    }
}
