package io.troupe.coordinator.api;

import io.smallrye.common.annotation.Blocking;
import io.troupe.coordinator.clock.ClockService;
import io.troupe.coordinator.clock.RunClock;
import io.troupe.coordinator.runs.RunRequest;
import io.troupe.coordinator.security.RunAccess;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.clock.ClockCalls;
import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * The clock of a simulated run (see {@link io.troupe.protocol.ClockKind#RUN}): its reading, the
 * model turns its agents wait on, and what they tell it they do. Waits are answered asynchronously:
 * no thread is held while an agent's turn is pending.
 */
@Path("/api/runs/{run}/clock")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ClockResource {
    private final ClockService clocks;
    private final RunAccess access;

    public ClockResource(ClockService clocks, RunAccess access) {
        this.clocks = clocks;
        this.access = access;
    }

    /** The run's time, each member's state, the timers pending and, in rounds, the round (else null). */
    public record ClockView(String runId, Instant now, Map<String, String> members, int pendingTimers,
                            Integer round) {
        static ClockView of(RunClock clock) {
            Map<String, String> members = new TreeMap<>();
            clock.members().forEach((agent, state) -> members.put(agent, state.name()));
            return new ClockView(clock.runId(), clock.now(), members, clock.pendingTimers(),
                    clock.inRounds() ? Integer.valueOf(clock.round()) : null);
        }
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    public ClockView get(@PathParam("run") String run) {
        return ClockView.of(clocks.clock(run));
    }

    @POST
    @Path("/timers")
    @RolesAllowed(Roles.AGENT)
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<ClockCalls.TimerAnswer> sleep(@PathParam("run") String run,
                                                         @HeaderParam(TroupeHeaders.AGENT)
                                                         @Size(max = RunRequest.Bounds.ID) String agent,
                                                         ClockCalls.TimerRequest request) {
        return clocks.sleep(run, access.agentOf(run, agent), request);
    }

    @GET
    @Path("/timers/{timer}")
    @RolesAllowed(Roles.AGENT)
    public CompletionStage<ClockCalls.TimerAnswer> await(@PathParam("run") String run,
                                                         @PathParam("timer") long timer,
                                                         @HeaderParam(TroupeHeaders.AGENT)
                                                         @Size(max = RunRequest.Bounds.ID) String agent) {
        return clocks.await(run, access.agentOf(run, agent), timer);
    }

    @POST
    @Path("/state")
    @RolesAllowed(Roles.AGENT)
    @Consumes(MediaType.APPLICATION_JSON)
    public ClockCalls.Reading report(@PathParam("run") String run,
                                     @HeaderParam(TroupeHeaders.AGENT) @Size(max = RunRequest.Bounds.ID) String agent,
                                     ClockCalls.StateReport report) {
        return clocks.report(run, access.agentOf(run, agent), report);
    }
}
