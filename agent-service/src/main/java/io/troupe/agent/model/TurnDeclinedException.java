package io.troupe.agent.model;

/**
 * The coordinator did not let an idle turn of a run in rounds take place: a task is claimed for the
 * agent that it has not started (its assignment is on its way), and its first turn on that task is
 * its turn of the round.
 */
public final class TurnDeclinedException extends RuntimeException {
    public TurnDeclinedException(String runId, String agentId) {
        super("idle turn of " + agentId + " declined: a task of run " + runId + " is claimed for it");
    }
}
