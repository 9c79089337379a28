package io.troupe.coordinator.tracing;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.opentelemetry.api.trace.SpanContext;
import io.troupe.support.problem.ProblemException;
import io.troupe.support.tracing.TraceNames;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Where a run's spans made in other services belong: the W3C {@code traceparent} of a task's span
 * (or of the run's root span once the task's is gone), for agents that take a task over HTTP and so
 * receive no Kafka header with it.
 */
@Path("/api/traces/runs/{run}")
@Produces(MediaType.APPLICATION_JSON)
public class TraceContextResource {
    private final RunTracing tracing;

    public TraceContextResource(RunTracing tracing) {
        this.tracing = tracing;
    }

    /** A trace context as {@code traceparent} and its parts. */
    public record TraceContextView(String traceparent, String traceId, String spanId) {
        static TraceContextView of(SpanContext c) {
            return new TraceContextView("00-" + c.getTraceId() + "-" + c.getSpanId() + "-"
                    + c.getTraceFlags().asHex(), c.getTraceId(), c.getSpanId());
        }
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    public TraceContextView ofRun(@PathParam("run") String runId) {
        return tracing.contextOf(runId, null).map(TraceContextView::of).orElseThrow(() -> notTraced(runId));
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/tasks/{task}")
    public TraceContextView ofTask(@PathParam("run") String runId, @PathParam("task") String taskId) {
        return tracing.contextOf(runId, taskId).map(TraceContextView::of).orElseThrow(() -> notTraced(runId));
    }

    private static ProblemException notTraced(String runId) {
        return new ProblemException(ProblemType.TRACE_NOT_FOUND, "run '" + runId + "' has no trace: it is unknown, "
                + "or it started "
                + "while tracing was off (QUARKUS_OTEL_SDK_DISABLED=false turns it on; see the README's Traces "
                + "section). Spans use the '" + TraceNames.TRACEPARENT + "' header otherwise.");
    }
}
