package io.troupe.coordinator.runs;

import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.clock.RunClocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Ends a run in rounds that used its last round without completing as FAILED, as the paper's runs
 * that hit the cap failed (see {@link io.troupe.protocol.Execution#ROUNDS}).
 */
@ApplicationScoped
public class RoundCap {
    private final RunStore runs;
    private final Dispatcher dispatcher;
    private final RunLocks locks;

    public RoundCap(RunStore runs, Dispatcher dispatcher, RunLocks locks) {
        this.runs = runs;
        this.dispatcher = dispatcher;
        this.locks = locks;
    }

    void onRoundsUsedUp(@Observes RunClocks.RoundsUsedUp usedUp) {
        runs.find(usedUp.runId()).filter(run -> run.status() == RunStatus.RUNNING).ifPresent(run ->
                locks.withRun(run.id(), () -> dispatcher.finish(run, RunStatus.FAILED, "used its "
                        + usedUp.rounds() + " rounds (limits.maxRounds) before every task was done")));
    }
}
