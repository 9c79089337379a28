package io.troupe.agent.board;

import io.troupe.agent.runs.RunDirectory;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.support.messaging.CloudEvents;
import io.troupe.support.messaging.CloudEvents.Received;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Tells the idle agents of a {@code decentralized} run at once that a task of it may be READY, from
 * {@code troupe.task-events}: a task released ({@code TaskReady}) or back on the board after its lease
 * ran out ({@code TaskLeaseExpired}). Idle agents then read the board now instead of at their next
 * look ({@code troupe.agent.board.poll-interval}); on a simulated run's clock a READY task that nobody
 * has taken yet keeps the clock running, so every millisecond of such a wait counts in the makespan.
 * Every process reads the whole topic from its end (its own group): a change it missed while it
 * joined is found at the next look.
 */
@ApplicationScoped
public class BoardChanges {
    public static final String CHANNEL = "board-changes";

    private final RunDirectory directory;
    private final Consumer<RunStarted> wake;

    @Inject
    BoardChanges(RunDirectory directory, BoardPickers pickers) {
        this(directory, pickers::wake);
    }

    /** {@code wake} is told the run whose idle agents should look at the board now. */
    BoardChanges(RunDirectory directory, Consumer<RunStarted> wake) {
        this.directory = directory;
        this.wake = wake;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onMessage(Message<String> message) {
        Optional<Received> received = CloudEvents.decodeOrSkip(message, "task event");
        received.ifPresent(r -> {
            if (r.event() instanceof TaskEvent event) {
                changed(event);
            }
        });
        return message.ack();
    }

    /** Wakes the idle agents of {@code event}'s run if it is a running decentralized run and a task may be READY. */
    void changed(TaskEvent event) {
        if (mayMakeReady(event)) {
            decentralizedRun(event.runId()).ifPresent(wake);
        }
    }

    /** Whether {@code event} may leave a task READY for an idle agent to claim. */
    static boolean mayMakeReady(TaskEvent event) {
        return switch (event) {
            case TaskEvent.TaskReady ignored -> true;
            case TaskEvent.TaskLeaseExpired ignored -> true;
            case TaskEvent.TaskClaimed ignored -> false;
            case TaskEvent.TaskDone ignored -> false;
            case TaskEvent.TaskClaimBlocked ignored -> false;
            case TaskEvent.TaskClaimConflict ignored -> false;
            case TaskEvent.TaskLeaseStale ignored -> false;
            case TaskEvent.TaskFailed ignored -> false;
        };
    }

    private Optional<RunStarted> decentralizedRun(String runId) {
        return directory.running(RunDirectory.DECENTRALIZED).stream().filter(r -> r.runId().equals(runId)).findFirst();
    }
}
