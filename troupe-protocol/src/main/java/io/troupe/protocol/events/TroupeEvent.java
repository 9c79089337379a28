package io.troupe.protocol.events;

import java.time.Instant;

/** Every event names its run (the Kafka key) and when it happened. */
public sealed interface TroupeEvent permits RunEvent, TaskEvent, AgentEvent, WorkspaceEvent, InboxMessage {

    String runId();

    Instant at();
}
