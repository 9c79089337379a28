package io.troupe.coordinator;

import io.troupe.protocol.events.ModelSpec;
import java.time.Instant;

/**
 * One run of one suite by a team of {@code agents} agents under one architecture. {@code reason}
 * says why it ended (null while RUNNING); {@code settings} holds the rest of what was asked for;
 * {@code rounds} is the round a run in rounds is in (or ended in), null for an event-driven run.
 */
public record Run(String id, String experimentId, String suiteId, String architecture, int agents, ModelSpec model,
                  RunStatus status, Instant createdAt, Instant finishedAt, String reason, RunSettings settings,
                  Integer rounds) {

    /** A run that has not begun a round (event-driven, or just created). */
    public Run(String id, String experimentId, String suiteId, String architecture, int agents, ModelSpec model,
               RunStatus status, Instant createdAt, Instant finishedAt, String reason, RunSettings settings) {
        this(id, experimentId, suiteId, architecture, agents, model, status, createdAt, finishedAt, reason, settings,
                null);
    }

    /** When the run times out, if it has a time limit. */
    public Instant deadline() {
        return settings.limits().runTimeout() == null ? null : createdAt.plus(settings.limits().runTimeout());
    }

    /** The agents the run recruits: its {@code agents}, plus the lead of a {@code lead} run. */
    public int teamSize() {
        return "lead".equals(architecture) ? agents + 1 : agents;
    }

    /** The architecture as events and metrics name it: {@code preassigned:cp-first} for a variant. */
    public String architectureLabel() {
        return settings.variant() == null ? architecture : architecture + ":" + settings.variant();
    }
}
