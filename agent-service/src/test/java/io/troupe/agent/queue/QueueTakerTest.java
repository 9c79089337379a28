package io.troupe.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.agent.lease.FakeBoard;
import io.troupe.agent.queue.QueueTaker.Reason;
import io.troupe.agent.queue.QueueTaker.Taken;
import io.troupe.agent.runs.RunCatalog;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.protocol.suite.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueTakerTest {
    private final FakeBoard board = new FakeBoard();
    private final QueueTaker taker = new QueueTaker(board, new RunCatalog(board));
    private final List<Assignment> started = new ArrayList<>();
    private final List<Lease> leases = new ArrayList<>();

    @BeforeEach
    void twoAgentRun() {
        // A queue run of the tiny-like suite x with 2 agents: agent-1 and agent-2 are its team.
        board.runs.put("run-1", new RunInfo("run-1", "x", "queue", 2, ModelSpec.simulated(0), "RUNNING", List.of(),
                List.of()));
        board.suites.put("x", List.of(
                new TaskSpec("a", "A", "", List.of(), List.of("a.py"), List.of("tests/test_a.py")),
                new TaskSpec("b", "B", "", List.of("a"), List.of("b.py"), List.of("tests/test_b.py"))));
    }

    private Taken take(String agentId, int index, TroupeEvent event) {
        return take(agentId, index, recordOf(event));
    }

    private static ConsumerRecord<String, String> recordOf(TroupeEvent event) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.TASKS_READY, 0, 0, event.runId(),
                Events.toJson(event));
        record.headers().add("ce_type", Events.typeOf(event).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private Taken take(String agentId, int index, ConsumerRecord<String, String> record) {
        // Each record comes from the share group of its own run.
        return taker.take(agentId, index, record.key(), record, (assignment, lease) -> {
            started.add(assignment);
            leases.add(lease);
            return CompletableFuture.completedFuture(null);
        });
    }

    private static TaskEvent.TaskReady ready(String taskId) {
        return new TaskEvent.TaskReady("run-1", taskId, Instant.now());
    }

    @Test
    void aRecordOfAnotherRunIsAcceptedUnreadByThisRunsShareGroup() {
        // Given run-1's share group also reads run-2's records (one topic for all queue runs)
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.TASKS_READY, 0, 0, "run-2",
                Events.toJson(new TaskEvent.TaskReady("run-2", "a", Instant.now())));
        record.headers().add("ce_type", Events.typeOf(ready("a")).getBytes(StandardCharsets.UTF_8));

        // When agent-1 of run-1 takes it from run-1's group
        Taken taken = taker.take("agent-1", 1, "run-1", record, (assignment, lease) -> {
            started.add(assignment);
            return CompletableFuture.completedFuture(null);
        });

        // Then it is accepted (gone from run-1's group; run-2's group still has it) and nothing is claimed
        assertThat(taken.ack()).isEqualTo(AcknowledgeType.ACCEPT);
        assertThat(taken.reason()).isEqualTo(Reason.OTHER_RUN);
        assertThat(started).isEmpty();
        assertThat(board.claims).isEmpty();

        // while run-1's own record is claimed from its group
        assertThat(taker.take("agent-1", 1, "run-1", recordOf(ready("a")), (assignment, lease) -> {
            started.add(assignment);
            return CompletableFuture.completedFuture(null);
        }).reason()).isEqualTo(Reason.CLAIMED);
    }

    @Test
    void anAgentThatLeftTheRunReleasesItsTasksUnclaimed() {
        // Given agent-1 crashed in run-1
        QueueTaker afterCrash = new QueueTaker(board, new RunCatalog(board),
                (run, agent) -> run.equals("run-1") && agent.equals("agent-1"));
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.TASKS_READY, 0, 0, "run-1",
                Events.toJson(ready("a")));
        record.headers().add("ce_type", Events.typeOf(ready("a")).getBytes(StandardCharsets.UTF_8));

        // When it takes a's TaskReady
        Taken taken = afterCrash.take("agent-1", 1, "run-1", record,
                (assignment, lease) -> CompletableFuture.completedFuture(null));

        // Then it releases it for another agent, without claiming it
        assertThat(taken.ack()).isEqualTo(AcknowledgeType.RELEASE);
        assertThat(taken.work()).isEmpty();
        assertThat(board.claims).isEmpty();
    }

    @Test
    void theRunsSettingsForTheAgentComeWithItsAssignment() {
        // Given a run that makes agent-2 (override index 1) a straggler, with its own seed and turn limit
        board.runs.put("run-1", new RunInfo("run-1", "x", "queue", 2, ModelSpec.simulated(0), "RUNNING", List.of(),
                List.of(), null, "gpt-5.2", 7L, 0.01, List.of(java.util.Map.of("agent", 1, "slowdown", 5.0)),
                new RunInfo.Limits(30, null), null));

        // When agent-2 takes a task
        take("agent-2", 2, ready("a"));

        // Then its assignment carries its settings
        assertThat(started).singleElement().satisfies(a -> {
            assertThat(a.settings().slowdown()).isEqualTo(5.0);
            assertThat(a.settings().seed()).isEqualTo(7L);
            assertThat(a.settings().profile()).isEqualTo("gpt-5.2");
            assertThat(a.settings().timeScale()).isEqualTo(0.01);
            assertThat(a.settings().maxTurns()).isEqualTo(30);
            assertThat(a.settings().architecture()).isEqualTo("queue");
            assertThat(a.settings().agents()).isEqualTo(2);
        });
    }

    @Test
    void agentOutsideARecruitedTeamReleasesTheTaskAndARecruitedOneClaimsIt() {
        // Given a queue run that recruited w-7 and agent-3, not agent-1
        board.runs.put("run-1", new RunInfo("run-1", "x", "queue", 2, ModelSpec.simulated(0), "RUNNING", List.of(),
                List.of(), null, null, null, null, null, null, List.of("w-7", "agent-3")));

        // When agent-1, then agent-3 take a's TaskReady
        Taken byFirst = take("agent-1", 1, ready("a"));
        Taken byThird = take("agent-3", 3, ready("a"));

        // Then agent-1 hands it back unclaimed and agent-3, recruited by name, claims it
        assertThat(byFirst.ack()).isEqualTo(AcknowledgeType.RELEASE);
        assertThat(byFirst.reason()).isEqualTo(Reason.NOT_RECRUITED);
        assertThat(byThird.reason()).isEqualTo(Reason.CLAIMED);
        assertThat(board.claims).containsExactly("run-1/a/agent-3");
    }

    @Test
    void claimedTaskIsAcceptedAndStartedWithItsLease() {
        // Given the board grants agent-2 a lease with epoch 3 on task b
        board.epoch = 3;

        // When agent-2 takes b's TaskReady
        Taken taken = take("agent-2", 2, ready("b"));

        // Then the record is accepted after the claim, and agent-2 works on b with its dependency's files
        assertThat(taken.ack()).isEqualTo(AcknowledgeType.ACCEPT);
        assertThat(taken.reason()).isEqualTo(Reason.CLAIMED);
        assertThat(taken.work()).isPresent();
        assertThat(board.claims).containsExactly("run-1/b/agent-2");
        assertThat(started).singleElement().satisfies(a -> {
            assertThat(a.agentId()).isEqualTo("agent-2");
            assertThat(a.task().id()).isEqualTo("b");
            assertThat(a.suiteId()).isEqualTo("x");
            assertThat(a.dependencyFiles()).containsExactly("a.py");
            assertThat(a.model()).isEqualTo(ModelSpec.simulated(0));
        });
        assertThat(leases).singleElement().satisfies(l -> assertThat(l.epoch()).isEqualTo(3));
    }

    @Test
    void agentBeyondTheRunsTeamReleasesTheRecordWithoutClaiming() {
        // When agent-3 takes a task of a 2-agent run
        Taken taken = take("agent-3", 3, ready("a"));

        // Then it hands the record back for agent-1 or agent-2
        assertThat(taken.ack()).isEqualTo(AcknowledgeType.RELEASE);
        assertThat(taken.reason()).isEqualTo(Reason.NOT_RECRUITED);
        assertThat(board.claims).isEmpty();
        assertThat(started).isEmpty();
    }

    @Test
    void taskHeldByAnotherAgentIsADuplicateAndDropped() {
        // Given agent-2 holds task a
        board.onClaim = task -> {
            throw FakeBoard.refused(ProblemType.CLAIM_CONFLICT, "CLAIMED");
        };

        // When agent-1 takes a's record
        Taken taken = take("agent-1", 1, ready("a"));

        // Then it accepts the record (the coordinator offers a again if agent-2's lease runs out)
        assertThat(taken.ack()).isEqualTo(AcknowledgeType.ACCEPT);
        assertThat(taken.reason()).isEqualTo(Reason.HELD_BY_OTHER);
        assertThat(taken.work()).isEmpty();
    }

    @Test
    void doneTaskIsAcceptedAndPendingOneReleased() {
        // Given task a is DONE and task b is PENDING
        board.onClaim = task -> {
            throw FakeBoard.refused(ProblemType.CLAIM_BLOCKED, task.equals("a") ? "DONE" : "PENDING");
        };

        // When agent-1 takes their records / Then a's is dropped and b's handed back
        assertThat(take("agent-1", 1, ready("a")).ack()).isEqualTo(AcknowledgeType.ACCEPT);
        assertThat(take("agent-1", 1, ready("b")))
                .satisfies(t -> assertThat(t.ack()).isEqualTo(AcknowledgeType.RELEASE))
                .satisfies(t -> assertThat(t.reason()).isEqualTo(Reason.NOT_READY_YET));
        assertThat(started).isEmpty();
    }

    @Test
    void tasksOfFinishedOrUnknownRunsAreDropped() {
        // Given run-1 is over and run-2 does not exist
        board.onClaim = task -> {
            throw FakeBoard.refused(ProblemType.RUN_FINISHED, null);
        };

        // Then
        assertThat(take("agent-1", 1, ready("a")).reason()).isEqualTo(Reason.RUN_OVER);
        assertThat(take("agent-1", 1, ready("a")).ack()).isEqualTo(AcknowledgeType.ACCEPT);
        Taken unknown = take("agent-1", 1, new TaskEvent.TaskReady("run-2", "a", Instant.now()));
        assertThat(unknown.ack()).isEqualTo(AcknowledgeType.ACCEPT);
        assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_RUN);
    }

    @Test
    void unreachableCoordinatorReleasesTheRecord() {
        // Given claims fail with a 503
        board.onClaim = task -> {
            throw new ServiceCallException("POST .../claim answered 503", 503);
        };

        // Then the task goes back to the queue for another try
        Taken taken = take("agent-1", 1, ready("a"));
        assertThat(taken.ack()).isEqualTo(AcknowledgeType.RELEASE);
        assertThat(taken.reason()).isEqualTo(Reason.COORDINATOR_UNAVAILABLE);
    }

    @Test
    void unreadableRecordsAreRejectedAndOtherEventsAccepted() {
        // Given a record without a CloudEvents type, one with a broken body and another event type
        var noType = new ConsumerRecord<>(Topics.TASKS_READY, 0, 1, "run-1", "{}");
        var broken = new ConsumerRecord<>(Topics.TASKS_READY, 0, 2, "run-1", "{not json");
        broken.headers().add("ce_type", Events.typeOf(TaskEvent.TaskReady.class).getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(take("agent-1", 1, noType).ack()).isEqualTo(AcknowledgeType.REJECT);
        assertThat(take("agent-1", 1, broken).ack()).isEqualTo(AcknowledgeType.REJECT);
        assertThat(take("agent-1", 1, new TaskEvent.TaskDone("run-1", "a", "agent-2", Instant.now())).ack())
                .isEqualTo(AcknowledgeType.ACCEPT);
        assertThat(board.claims).isEmpty();
    }
}
