package io.troupe.agent.clients;

import io.troupe.protocol.clock.ClockCalls;
import java.time.Duration;
import io.troupe.protocol.suite.SuiteManifest;
import io.troupe.protocol.suite.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an agent asks of the coordinator. */
public interface CoordinatorClient {

    /**
     * The reference solution of a suite's task: path to content. Served only to {@code agentId} of
     * {@code runId}, a simulated run of that suite.
     */
    Map<String, String> solution(String runId, String suiteId, String taskId, String agentId);

    /**
     * Marks the task DONE on behalf of {@code agentId}, which must hold its lease {@code epoch}
     * (null: the preassigned agent, which may not know it). Throws {@link StaleLeaseException} if
     * the agent lost the task.
     */
    void complete(String runId, String taskId, String agentId, Long epoch);

    /**
     * {@code agentId} claims a READY task: its lease. Throws {@link ClaimRefusedException} if
     * another agent holds it, it is not READY or the run is over.
     */
    Lease claim(String runId, String taskId, String agentId);

    /**
     * Extends the lease {@code epoch} (null: the preassigned agent's, whose assignment carries
     * none). Throws {@link StaleLeaseException} if the agent does not hold the task any more.
     */
    Lease renew(String runId, String taskId, String agentId, Long epoch);

    /** The run ({@code GET /api/runs/{run}}); 404 as a {@link ServiceCallException} with that status. */
    RunInfo run(String runId);

    /** The run's task board ({@code GET /api/runs/{run}/board}). */
    RunInfo board(String runId);

    /**
     * As the lead {@code leadId} of a {@code lead} run, gives READY {@code taskId} to {@code agentId}:
     * the lease the coordinator holds for that agent. Throws {@link ClaimRefusedException} if the
     * task is not READY, another agent holds it, or the run is over.
     */
    default Lease assign(String runId, String taskId, String leadId, String agentId) {
        throw new UnsupportedOperationException("this coordinator client cannot assign tasks");
    }

    /** The tasks of a suite, in the suite's order. */
    List<TaskSpec> suiteTasks(String suiteId);

    /**
     * The suite's manifest ({@code GET /api/suites/{suite}}): what every agent of it is told about the
     * project (its repository, success criteria, the suite's own tests). Empty from a client that cannot
     * tell (the agent then says nothing of the project beyond its task).
     */
    default Optional<SuiteManifest> suite(String suiteId) {
        return Optional.empty();
    }

    /**
     * Waits until {@code runId}'s clock has moved {@code latency} on from now, for {@code agentId}'s
     * model turn on {@code taskId} (a run on the run clock); the fired timer.
     */
    default ClockCalls.TimerAnswer sleep(String runId, String agentId, String taskId, Duration latency) {
        throw new UnsupportedOperationException("this coordinator client keeps no run clocks");
    }

    /** Tells {@code runId}'s clock what {@code agentId} now does; the run's time. */
    default ClockCalls.Reading report(String runId, String agentId, ClockCalls.StateReport report) {
        throw new UnsupportedOperationException("this coordinator client keeps no run clocks");
    }
}
