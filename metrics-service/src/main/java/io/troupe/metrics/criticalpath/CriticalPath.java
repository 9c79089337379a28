package io.troupe.metrics.criticalpath;

import java.util.List;

/**
 * The critical path of one run as served by {@code GET /api/runs/{run}/critical-path}: the chain of
 * tasks that set the makespan, walked back from the run's end through what each task waited for
 * last, and the makespan split into what the time on that chain was spent on. Times are seconds
 * since the run started. {@code dagCriticalPath} is the longest chain of the suite's DAG (unit task
 * weights); {@code differences} says in words where the observed chain departs from it.
 * {@code traceId} and {@code traceUrl} are set when the run's trace is known (and a Jaeger URL is
 * configured, for the link).
 */
public record CriticalPath(String runId, String status, double makespanSeconds, List<Step> chain,
                           Breakdown breakdown, List<Segment> segments, List<String> dagCriticalPath,
                           boolean matchesDag, List<String> differences, String traceId, String traceUrl) {

    /** This critical path with the run's trace id and a link that opens it. */
    public CriticalPath withTrace(String traceId, String traceUrl) {
        return new CriticalPath(runId, status, makespanSeconds, chain, breakdown, segments, dagCriticalPath,
                matchesDag, differences, traceId, traceUrl);
    }

    /**
     * One task of the chain, first task first. {@code waitedFor} is what the task waited for last
     * before its claim; {@code after} the task that ended then (the dependency or the agent's
     * previous task; null after the run's start or the queue with no task before it).
     */
    public record Step(String taskId, String agentId, WaitedFor waitedFor, String after, Double readyAt,
                       double claimedAt, double doneAt) {
    }

    /** What a task of the chain waited for last. */
    public enum WaitedFor {
        /** Nothing: it was claimed as soon as the run started. */
        START,
        /** Its latest-finishing dependency (the DAG). */
        DEPENDENCY,
        /** Its agent, busy with its previous task (agent availability). */
        AGENT,
        /** A claim: it sat READY while its agent was free (at least 5 % of the makespan). */
        QUEUE
    }

    /** The makespan split by what the chain spent it on; the parts add up to the makespan. */
    public record Breakdown(double llmSeconds, double toolSeconds, double queueWaitSeconds,
                            double dependencyWaitSeconds, double conflictRetrySeconds, double coordinationSeconds,
                            double otherSeconds) {
    }

    /** A stretch of the chain's timeline of one kind, for drawing. */
    public record Segment(Kind kind, String taskId, String agentId, double fromSeconds, double toSeconds) {
    }

    /** What a stretch of the chain was spent on. */
    public enum Kind {
        /** An LLM call of the task's agent (turn latency). */
        LLM,
        /** A test run, or the agent's tool calls and loop between LLM calls. */
        TOOL,
        /** READY, not yet claimed. */
        QUEUE_WAIT,
        /** Its dependencies were done but the coordinator had not released it yet. */
        DEPENDENCY_WAIT,
        /** Between a refused write (412) and the agent's next accepted write of that file. */
        CONFLICT_RETRY,
        /** Lead turns while the task waited, and the coordinator closing the run after its last task. */
        COORDINATION,
        /** Time no event explains, such as work lost with an expired lease. */
        OTHER
    }
}
