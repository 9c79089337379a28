package io.troupe.protocol;

import java.util.List;

/**
 * Kafka topic names. Every record is keyed by run id so that one run's events stay in order.
 */
public final class Topics {
    public static final String RUN_EVENTS = "troupe.run-events";
    public static final String TASK_EVENTS = "troupe.task-events";
    public static final String AGENT_EVENTS = "troupe.agent-events";
    public static final String WORKSPACE_EVENTS = "troupe.workspace-events";
    /** Assignments and messages addressed to one agent. */
    public static final String AGENT_INBOX = "troupe.agent-inbox";
    /** READY tasks of {@code queue} runs, consumed by a share group. */
    public static final String TASKS_READY = "troupe.tasks-ready";
    /** Agent workers' heartbeats, from which the coordinator recruits teams (keyed by run id; none when idle). */
    public static final String AGENT_HEARTBEATS = "troupe.agent-heartbeats";

    public static final List<String> ALL = List.of(
            RUN_EVENTS, TASK_EVENTS, AGENT_EVENTS, WORKSPACE_EVENTS, AGENT_INBOX, TASKS_READY, AGENT_HEARTBEATS);

    /**
     * How many partitions {@code topic} gets when every keyed topic gets {@code partitions}. The
     * share group of {@link #TASKS_READY} lets many consumers share one partition; with more
     * partitions than members the group hands each partition to one member, so one run's tasks
     * (one key) would all go to a single agent.
     */
    public static int partitionsOf(String topic, int partitions) {
        return TASKS_READY.equals(topic) ? 1 : partitions;
    }

    /**
     * How long {@code topic} keeps its records, in ms, when not Kafka's default (7 days): the heartbeats
     * one hour, since a restarted coordinator reads them back from the start before it recruits (with the
     * default, a long-lived local stack re-read days of them at every start). A segment is rolled as often,
     * as only whole segments are deleted.
     */
    public static java.util.OptionalLong retentionMillisOf(String topic) {
        return AGENT_HEARTBEATS.equals(topic) ? java.util.OptionalLong.of(3_600_000L) : java.util.OptionalLong.empty();
    }

    /**
     * Every topic as {@code name:partitions}, or {@code name:partitions:retention-ms} where it keeps its
     * records for less than the default: the form the broker launcher takes.
     */
    public static List<String> withPartitions(int partitions) {
        return ALL.stream().map(t -> t + ":" + partitionsOf(t, partitions)
                + (retentionMillisOf(t).isPresent() ? ":" + retentionMillisOf(t).getAsLong() : "")).toList();
    }

    private Topics() {
    }
}
