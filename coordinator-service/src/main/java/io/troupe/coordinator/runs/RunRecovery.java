package io.troupe.coordinator.runs;

import io.quarkus.runtime.StartupEvent;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.agents.Recruitment;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.protocol.suite.Suite;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Resumes the RUNNING runs at startup from the board's state. A step of a run (a task DONE, its
 * dependents released and handed out, the run finished, and the events of all that) is one
 * transaction, so a killed coordinator leaves no step half done, and what it committed but had not
 * sent yet waits in the outbox for the relay; this pass is the safety net for boards that got into
 * such a state otherwise (written by a version without the outbox, or changed by hand), and is
 * cheap and idempotent when there is nothing to do.
 */
@ApplicationScoped
public class RunRecovery {
    private static final Logger LOG = Logger.getLogger(RunRecovery.class);

    private final RunStore runs;
    private final SuiteCatalog suites;
    private final Dispatcher dispatcher;
    private final RunLocks locks;
    private final Recruitment recruitment;

    public RunRecovery(RunStore runs, SuiteCatalog suites, Dispatcher dispatcher, RunLocks locks,
                       Recruitment recruitment) {
        this.runs = runs;
        this.suites = suites;
        this.dispatcher = dispatcher;
        this.locks = locks;
        this.recruitment = recruitment;
    }

    void onStart(@Observes StartupEvent event) {
        resumeAll();
    }

    /** Finishes the steps {@code run} may have left undone (see {@link #resumeAll}); throws if one fails. */
    private void resume(Run run) {
        if (run.status() != RunStatus.RUNNING) {
            return;
        }
        Suite suite = suites.get(run.suiteId());
        locks.withRun(run.id(), () -> {
            // First the claims made before the stop (the hand-out below sends its own claims' assignments).
            dispatcher.resendAssignments(run, suite);
            dispatcher.release(run, suite, suite.dag().topologicalOrder());
            dispatcher.handOutReady(run, suite);
            dispatcher.finishIfDone(run);
        });
    }

    /**
     * Finishes the steps every RUNNING run may have left undone: sends again the assignments of the
     * claimed tasks of preassigned and lead runs (a claim stored just before the stop may never have
     * reached its agent; a copy of one that did is ignored), releases the tasks whose dependencies
     * are DONE, hands out READY tasks of preassigned runs, completes runs whose tasks are all DONE.
     * Safe to repeat and to run beside live requests (each step is a compare-and-set under the run's
     * lock); a CLAIMED task whose owner is gone comes back through its lease.
     */
    public void resumeAll() {
        for (Run run : runs.withStatus(RunStatus.RUNNING)) {
            try {
                resume(run);
                LOG.infof("run resumed runId=%s", run.id());
            } catch (RuntimeException e) {
                LOG.warnf(e, "run not resumed runId=%s; it stays as the board left it", run.id());
            }
        }
        try {
            recruitment.demandChanged();
        } catch (RuntimeException e) {
            LOG.warnf(e, "the agent pool was not told the demand of the resumed runs");
        }
    }
}
