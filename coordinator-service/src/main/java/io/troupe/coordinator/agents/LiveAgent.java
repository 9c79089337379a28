package io.troupe.coordinator.agents;

import java.time.Instant;

/**
 * An agent worker as its last heartbeat described it: {@code state} {@code IDLE} or {@code BUSY},
 * {@code runId} the run it said it works for, {@code host} the process hosting it.
 */
public record LiveAgent(String id, String state, String runId, String host, Instant lastSeen) {
}
