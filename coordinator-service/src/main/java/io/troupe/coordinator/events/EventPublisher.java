package io.troupe.coordinator.events;

import io.opentelemetry.context.Scope;
import io.troupe.coordinator.board.Database;
import io.troupe.coordinator.board.StorageException;
import io.troupe.coordinator.clock.RunClocks;
import io.troupe.coordinator.tracing.RunTracing;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.support.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Publishes the coordinator's events through the transactional outbox ({@link Outbox}): each event
 * is appended in the transaction of the change it announces (the run's step, see {@code RunLocks}),
 * and the outbox relay ({@link CoordinatorOutbox}) sends it once that transaction has committed.
 * So a request is answered once its facts are durable in the database, without waiting for the
 * broker; they reach Kafka at least once, in order per run, each with one CloudEvents id.
 */
@ApplicationScoped
public class EventPublisher {
    public static final String RUN_EVENTS = "run-events";
    public static final String TASK_EVENTS = "task-events";
    public static final String AGENT_INBOX = "agent-inbox";
    /** READY tasks of {@code queue} runs. */
    public static final String TASKS_READY = "tasks-ready";
    /** The CloudEvents source suffix of everything the coordinator publishes. */
    public static final String SOURCE = "coordinator";

    private final Database db;
    private final CoordinatorOutbox outbox;
    private final RunTracing tracing;
    private final RunClocks clocks;

    public EventPublisher(Database db, CoordinatorOutbox outbox, RunTracing tracing, RunClocks clocks) {
        this.db = db;
        this.outbox = outbox;
        this.tracing = tracing;
        this.clocks = clocks;
    }

    public void publish(RunEvent event) {
        clocks.observe(event);
        append(RUN_EVENTS, event, UUID.randomUUID().toString());
    }

    /** Publishes a change of the board; the run's clock learns of it first (see {@link RunClocks}). */
    public void publish(TaskEvent event) {
        clocks.observe(event);
        append(TASK_EVENTS, event, UUID.randomUUID().toString());
    }

    public void publish(InboxMessage message) {
        append(AGENT_INBOX, message, UUID.randomUUID().toString());
    }

    /**
     * Puts the assignment of a task claimed with lease {@code epoch} into its agent's inbox, as one
     * CloudEvent per claim: its id is the same every time this claim's assignment is sent (again,
     * by the recovery after a restart, or by the relay after a lost acknowledgement), so the agent,
     * idempotent on the id, does the task once; a new claim of the task (a new epoch) is a new
     * assignment.
     */
    public void assign(InboxMessage.Assignment assignment, long epoch) {
        append(AGENT_INBOX, assignment, assignmentId(assignment, epoch));
    }

    /** The CloudEvents id of the assignment of one claim. */
    public static String assignmentId(InboxMessage.Assignment assignment, long epoch) {
        return "assignment:" + assignment.runId() + ":" + assignment.task().id() + ":" + assignment.agentId() + ":"
                + epoch;
    }

    /** Offers a READY task of a {@code queue} run to the agents' share group. */
    public void offer(TaskEvent.TaskReady ready) {
        append(TASKS_READY, ready, UUID.randomUUID().toString());
    }

    /**
     * Appends {@code event} in the thread's transaction (a transaction of its own outside one) and
     * wakes the relay once it is committed.
     */
    private void append(String channel, TroupeEvent event, String id) {
        db.inTransaction(() -> {
            // Appended inside the run's task or run span: the stored traceparent joins the run's trace.
            try (Scope ignored = tracing.enter(event); Connection c = db.connection()) {
                Outbox.append(c, channel, event, id);
            } catch (SQLException e) {
                throw new StorageException("cannot append " + event.getClass().getSimpleName() + " of run "
                        + event.runId() + " to the outbox", e);
            }
            db.afterCommit(outbox::committed);
        });
    }
}
