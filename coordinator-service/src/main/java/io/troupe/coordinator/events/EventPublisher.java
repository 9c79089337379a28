package io.troupe.coordinator.events;

import io.opentelemetry.context.Scope;
import io.troupe.coordinator.clock.RunClocks;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.tracing.RunTracing;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.messaging.CloudEvents;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes the coordinator's events and waits for the broker's acknowledgement, so that a request
 * is answered only once the facts it caused are durable and in order.
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

    private final Emitter<String> runEvents;
    private final Emitter<String> taskEvents;
    private final Emitter<String> agentInbox;
    private final Emitter<String> tasksReady;
    private final CoordinatorConfig config;
    private final RunTracing tracing;
    private final RunClocks clocks;
    private final PublishFailures failures;

    public EventPublisher(@Channel(RUN_EVENTS) Emitter<String> runEvents,
                          @Channel(TASK_EVENTS) Emitter<String> taskEvents,
                          @Channel(AGENT_INBOX) Emitter<String> agentInbox,
                          @Channel(TASKS_READY) Emitter<String> tasksReady, CoordinatorConfig config,
                          RunTracing tracing, RunClocks clocks, PublishFailures failures) {
        this.runEvents = runEvents;
        this.taskEvents = taskEvents;
        this.agentInbox = agentInbox;
        this.tasksReady = tasksReady;
        this.config = config;
        this.tracing = tracing;
        this.clocks = clocks;
        this.failures = failures;
    }

    public void publish(RunEvent event) {
        clocks.observe(event);
        send(runEvents, event);
    }

    /** Publishes a change of the board; the run's clock learns of it first (see {@link RunClocks}). */
    public void publish(TaskEvent event) {
        clocks.observe(event);
        send(taskEvents, event);
    }

    public void publish(InboxMessage message) {
        send(agentInbox, message);
    }

    /**
     * Puts the assignment of a task claimed with lease {@code epoch} into its agent's inbox, as one
     * CloudEvent per claim: its id is the same every time this claim's assignment is sent (again,
     * by the recovery after a restart), so the agent, idempotent on the id, does the task once; a
     * new claim of the task (a new epoch) is a new assignment.
     */
    public void assign(InboxMessage.Assignment assignment, long epoch) {
        send(agentInbox, assignment, assignmentId(assignment, epoch));
    }

    /** The CloudEvents id of the assignment of one claim. */
    public static String assignmentId(InboxMessage.Assignment assignment, long epoch) {
        return "assignment:" + assignment.runId() + ":" + assignment.task().id() + ":" + assignment.agentId() + ":"
                + epoch;
    }

    /** Offers a READY task of a {@code queue} run to the agents' share group. */
    public void offer(TaskEvent.TaskReady ready) {
        send(tasksReady, ready);
    }

    private void send(Emitter<String> emitter, TroupeEvent event) {
        send(emitter, event, UUID.randomUUID().toString());
    }

    private void send(Emitter<String> emitter, TroupeEvent event, String id) {
        // Published inside the run's task or run span, so the record's traceparent joins the run's trace.
        try (Scope ignored = tracing.enter(event)) {
            CloudEvents.send(emitter, SOURCE, event, id).toCompletableFuture()
                    .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            failures.failed(event.runId());
            throw new ProblemException(ProblemType.BROKER_UNAVAILABLE, "the event broker did not acknowledge "
                            + event.getClass().getSimpleName() + " of run "
                            + event.runId() + " within " + config.publishTimeout().toSeconds()
                            + " s; check that Kafka is reachable and retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }
}
