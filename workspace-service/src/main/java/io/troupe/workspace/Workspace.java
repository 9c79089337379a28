package io.troupe.workspace;

import java.time.Instant;

/** One run's workspace: how it treats writers and how its tests are run. */
public record Workspace(String runId, Mode mode, String testCommand, String createdBy, Instant createdAt) {
}
