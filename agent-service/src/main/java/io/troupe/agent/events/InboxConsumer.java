package io.troupe.agent.events;

import io.troupe.agent.messages.Mailbox;
import io.troupe.agent.worker.AgentPool;
import io.troupe.agent.worker.Worker;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.WorkspaceEvent;
import io.troupe.support.messaging.CloudEvents;
import io.troupe.support.messaging.CloudEvents.Received;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Hands the assignments addressed to this process's agents to them. The work runs on the agent's
 * own thread, not on the poll loop: this method returns at once and the record is acknowledged
 * when the task's work is done (the throttled commit strategy keeps the offset until then), or
 * nacked if it failed. Assignments for agents hosted elsewhere are acknowledged unread.
 * <p>
 * Idempotent on the CloudEvents id: the coordinator gives every copy of one claim's assignment the
 * same id (it sends them again after a restart, not knowing which reached the inbox), so a copy of
 * an assignment the agent has queued, is working on or has done is ignored, and the task is done
 * once. A copy of an assignment whose work failed is taken again. A new claim of the task (after
 * its lease ran out) has a new id and is a new assignment.
 */
@ApplicationScoped
public class InboxConsumer {
    public static final String CHANNEL = "agent-inbox";

    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);

    private final AgentPool pool;
    private final Mailbox mailbox;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public InboxConsumer(AgentPool pool, Mailbox mailbox) {
        this.pool = pool;
        this.mailbox = mailbox;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onMessage(Message<String> message) {
        Optional<Received> received = CloudEvents.decodeOrSkip(message, "inbox message");
        if (received.isEmpty()) {
            return message.ack();
        }
        return switch (received.get().event()) {
            case Assignment a -> dispatch(received.get().id(), a, message);
            case InboxMessage.Message m -> deliver(m, message);
            case RunEvent ignored -> message.ack();
            case TaskEvent ignored -> message.ack();
            case AgentEvent ignored -> message.ack();
            case WorkspaceEvent ignored -> message.ack();
        };
    }

    /** Keeps a teammate's message for its addressee, or for every hosted agent but the sender. */
    private CompletionStage<Void> deliver(InboxMessage.Message m, Message<String> message) {
        pool.workers().stream().map(Worker::id)
                .filter(id -> InboxMessage.ALL.equals(m.agentId()) ? !id.equals(m.from()) : id.equals(m.agentId()))
                .forEach(id -> mailbox.deliver(id, m));
        return message.ack();
    }

    private CompletionStage<Void> dispatch(String eventId, Assignment assignment, Message<String> message) {
        if (!pool.hosts(assignment.agentId())) {
            return message.ack();
        }
        if (!seen.add(eventId)) {
            LOG.infof("duplicate assignment %s ignored (runId=%s taskId=%s agentId=%s)", eventId, assignment.runId(),
                    assignment.task().id(), assignment.agentId());
            return message.ack();
        }
        LOG.infof("assignment received (runId=%s taskId=%s agentId=%s)", assignment.runId(), assignment.task().id(),
                assignment.agentId());
        pool.dispatch(assignment).orElseThrow().whenComplete((done, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                // The agent gave the task up: a copy of this assignment (the coordinator sends the
                // assignments of claimed tasks again after a restart) is then a reason to try again.
                seen.remove(eventId);
                message.nack(failure.getCause() == null ? failure : failure.getCause());
            }
        });
        return CompletableFuture.completedFuture(null);
    }
}
