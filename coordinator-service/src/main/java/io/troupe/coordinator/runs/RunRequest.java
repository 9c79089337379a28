package io.troupe.coordinator.runs;

import io.troupe.protocol.events.ModelSpec;

/**
 * What a client asks for when it starts a run; every field may be missing and is checked by
 * {@link RunService#create}. {@code model} defaults to the simulated model.
 */
public record RunRequest(String suite, String architecture, Integer agents, ModelSpec model, String experimentId) {
}
