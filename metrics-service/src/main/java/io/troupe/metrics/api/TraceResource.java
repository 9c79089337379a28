package io.troupe.metrics.api;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.metrics.traces.OtlpCodec;
import io.troupe.metrics.traces.TraceService;
import io.troupe.support.problem.Problem;
import io.troupe.support.problem.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf or JSON, as exporters and the
 * OpenTelemetry Collector send).
 */
@Path("/v1/traces")
public class TraceResource {
    static final String PROTOBUF = "application/x-protobuf";
    private static final String FULL =
            "the span store is full (troupe.metrics.max-spans, troupe.metrics.max-span-bytes)";
    /**
     * Exports decoded at the same time. Each holds its body and its decoded spans on the heap (a
     * JSON body several times its size), so unbounded concurrency could exhaust the heap even with
     * every body under {@code quarkus.http.limits.max-body-size}; more are answered 503 with
     * {@code Retry-After}, which OTLP exporters retry.
     */
    static final int MAX_CONCURRENT_EXPORTS = 4;

    private final TraceService traces;
    private final Semaphore decoding = new Semaphore(MAX_CONCURRENT_EXPORTS);

    public TraceResource(TraceService traces) {
        this.traces = traces;
    }

    @RolesAllowed({Roles.SERVICE, Roles.AGENT})
    @POST
    @Consumes(PROTOBUF)
    @Produces(PROTOBUF)
    public byte[] exportProtobuf(byte[] body) {
        long rejected = bounded(() -> traces.receive(OtlpCodec.spans(decode(() -> OtlpCodec.fromProtobuf(body)))));
        return OtlpCodec.responseProtobuf(rejected, FULL);
    }

    @RolesAllowed({Roles.SERVICE, Roles.AGENT})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String exportJson(String body) {
        long rejected = bounded(() -> traces.receive(OtlpCodec.spans(decode(() -> OtlpCodec.fromJson(body)))));
        return OtlpCodec.responseJson(rejected, FULL);
    }

    private long bounded(java.util.function.LongSupplier receive) {
        if (!decoding.tryAcquire()) {
            Problem busy = Problem.of(ProblemType.RECEIVER_BUSY,
                    MAX_CONCURRENT_EXPORTS + " exports are being decoded; retry this one later", "/v1/traces",
                    Map.of());
            throw new WebApplicationException(Response.fromResponse(busy.toResponse())
                    .header(HttpHeaders.RETRY_AFTER, "1").build());
        }
        try {
            return receive.getAsLong();
        } finally {
            decoding.release();
        }
    }

    private static <T> T decode(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, e.getMessage() + "; send an OTLP "
                    + "ExportTraceServiceRequest as "
                    + PROTOBUF + " or application/json (OTLP/HTTP)");
        }
    }
}
