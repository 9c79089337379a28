package io.troupe.agent.queue;

import io.troupe.agent.clients.ClaimRefusedException;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.agent.runs.RunCatalog;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.events.TroupeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * What an idle agent does with a {@code TaskReady} it took from the share group, and how the
 * record is acknowledged:
 * <ul>
 * <li>ACCEPT once the claim succeeded (the agent works on the task; if it gives up, the lease runs
 * out and the coordinator offers the task again);</li>
 * <li>RELEASE, for another agent to take, if this agent is not one of the run's team (not
 * recruited by it, or, for a run without a named team, its number is beyond the run's n), if the coordinator could
 * not be asked, or if the task is not READY yet;</li>
 * <li>ACCEPT, dropping it, if the task is DONE or FAILED, the run is over or unknown, or another
 * agent holds the task: a record for a task someone holds is a duplicate, and the coordinator
 * offers the task again if that agent's lease runs out. (Releasing it would only hand it from
 * agent to agent, each claim a conflict, until the broker archives it.)</li>
 * <li>REJECT a record that is not a readable event;</li>
 * <li>ACCEPT, unread, a record of another run than the one whose share group it came from: that
 * run's own group delivers it to that run's agents.</li>
 * </ul>
 */
public final class QueueTaker {
    private static final Logger LOG = Logger.getLogger(QueueTaker.class);

    /** Starts the claimed task on the agent; the future completes when its work is done. */
    @FunctionalInterface
    public interface Starter {
        CompletableFuture<Void> start(Assignment assignment, Lease lease);
    }

    /** How a record was handled: its acknowledgement, the work it started (if any) and why. */
    public record Taken(AcknowledgeType ack, Optional<CompletableFuture<Void>> work, Reason reason) {
        static Taken of(AcknowledgeType ack, Reason reason) {
            return new Taken(ack, Optional.empty(), reason);
        }
    }

    public enum Reason {
        CLAIMED, OTHER_RUN, NOT_RECRUITED, NOT_READY_YET, DONE_OR_FAILED, HELD_BY_OTHER, RUN_OVER, UNKNOWN_RUN,
        COORDINATOR_UNAVAILABLE, OTHER_EVENT, UNREADABLE
    }

    private final CoordinatorClient coordinator;
    private final RunCatalog runs;
    private final BiPredicate<String, String> leftRun;

    public QueueTaker(CoordinatorClient coordinator, RunCatalog runs) {
        this(coordinator, runs, (runId, agentId) -> false);
    }

    /** {@code leftRun} says whether an agent left a run (runId, agentId; it crashed): it takes none of its tasks. */
    public QueueTaker(CoordinatorClient coordinator, RunCatalog runs, BiPredicate<String, String> leftRun) {
        this.coordinator = coordinator;
        this.runs = runs;
        this.leftRun = leftRun;
    }

    /**
     * Handles {@code record}, from the share group of run {@code groupRunId}, as agent
     * {@code agentId}, number {@code index} of its process's workers.
     */
    public Taken take(String agentId, int index, String groupRunId, ConsumerRecord<String, String> record,
                      Starter starter) {
        // Records are keyed by run id: another run's record is skipped before it is even parsed.
        if (record.key() != null && !record.key().equals(groupRunId)) {
            return Taken.of(AcknowledgeType.ACCEPT, Reason.OTHER_RUN);
        }
        String type = header(record, "ce_type");
        Optional<TroupeEvent> event;
        try {
            if (type == null) {
                throw new IllegalArgumentException("no ce_type header");
            }
            event = Events.fromJson(type, record.value());
        } catch (RuntimeException e) {
            LOG.warnf("rejecting an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Taken.of(AcknowledgeType.REJECT, Reason.UNREADABLE);
        }
        if (event.isEmpty() || !(event.get() instanceof TaskReady ready)) {
            return Taken.of(AcknowledgeType.ACCEPT, Reason.OTHER_EVENT);
        }
        String runId = ready.runId();
        if (!runId.equals(groupRunId)) {
            return Taken.of(AcknowledgeType.ACCEPT, Reason.OTHER_RUN);
        }
        String taskId = ready.taskId();
        RunInfo run;
        try {
            run = runs.run(runId);
        } catch (ServiceCallException e) {
            boolean unknown = e.status() == 404;
            LOG.infof("%s task %s: %s (runId=%s taskId=%s agentId=%s)", unknown ? "dropping" : "releasing", taskId,
                    e.getMessage(), runId, taskId, agentId);
            return unknown ? Taken.of(AcknowledgeType.ACCEPT, Reason.UNKNOWN_RUN)
                    : Taken.of(AcknowledgeType.RELEASE, Reason.COORDINATOR_UNAVAILABLE);
        }
        if (leftRun.test(runId, agentId)) {
            LOG.debugf("left this run, releasing (runId=%s taskId=%s agentId=%s)", runId, taskId, agentId);
            return Taken.of(AcknowledgeType.RELEASE, Reason.NOT_RECRUITED);
        }
        if (!run.hasOnTeam(agentId, index)) {
            LOG.debugf("not in the team of %d, releasing (runId=%s taskId=%s agentId=%s)", run.agents(), runId,
                    taskId, agentId);
            return Taken.of(AcknowledgeType.RELEASE, Reason.NOT_RECRUITED);
        }
        Lease lease;
        try {
            lease = coordinator.claim(runId, taskId, agentId);
        } catch (ClaimRefusedException e) {
            Taken taken = switch (e.problem()) {
                case CLAIM_CONFLICT -> Taken.of(AcknowledgeType.ACCEPT, Reason.HELD_BY_OTHER);
                case RUN_FINISHED -> Taken.of(AcknowledgeType.ACCEPT, Reason.RUN_OVER);
                default -> "DONE".equals(e.state()) || "FAILED".equals(e.state())
                        ? Taken.of(AcknowledgeType.ACCEPT, Reason.DONE_OR_FAILED)
                        : Taken.of(AcknowledgeType.RELEASE, Reason.NOT_READY_YET);
            };
            LOG.infof("claim refused (%s), %s: %s (runId=%s taskId=%s agentId=%s)", e.problem().slug(), taken.ack(),
                    e.getMessage(), runId, taskId, agentId);
            return taken;
        } catch (ServiceCallException e) {
            LOG.warnf("claim failed, releasing: %s (runId=%s taskId=%s agentId=%s)", e.getMessage(), runId, taskId,
                    agentId);
            return Taken.of(AcknowledgeType.RELEASE, Reason.COORDINATOR_UNAVAILABLE);
        }
        LOG.infof("claimed from the queue epoch=%d (runId=%s taskId=%s agentId=%s)", lease.epoch(), runId, taskId,
                agentId);
        Assignment assignment = runs.assignment(runId, taskId, agentId);
        return new Taken(AcknowledgeType.ACCEPT, Optional.of(starter.start(assignment, lease)), Reason.CLAIMED);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
