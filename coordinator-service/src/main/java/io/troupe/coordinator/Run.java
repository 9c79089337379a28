package io.troupe.coordinator;

import io.troupe.protocol.events.ModelSpec;
import java.time.Instant;

/** One run of one suite by a team of {@code agents} agents under one architecture. */
public record Run(String id, String experimentId, String suiteId, String architecture, int agents, ModelSpec model,
                  RunStatus status, Instant createdAt, Instant finishedAt) {
}
