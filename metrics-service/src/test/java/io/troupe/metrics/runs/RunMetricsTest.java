package io.troupe.metrics.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimBlocked;
import io.troupe.protocol.events.TaskEvent.TaskClaimConflict;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskFailed;
import io.troupe.protocol.events.TaskEvent.TaskLeaseExpired;
import io.troupe.protocol.events.TaskEvent.TaskLeaseStale;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.events.WorkspaceEvent.ConcurrentWrite;
import io.troupe.protocol.events.WorkspaceEvent.FileDeleted;
import io.troupe.protocol.events.WorkspaceEvent.FileOverwritten;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.protocol.events.WorkspaceEvent.WriteConflict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMetricsTest {
    private static final String RUN = "run-1";
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final RunMetrics metrics = new RunMetrics(RUN);

    @Test
    void foldsAWholeRunIntoItsMetrics() {
        // Given a run of 4 tasks, critical path 2, on 2 agents
        metrics.apply("e1", new RunStarted(RUN, "exp-1", "tiny", "preassigned", 2, "simulated-constant", 4, 2, 0.5,
                T0));
        metrics.apply("e2", new TaskReady(RUN, "a", T0));
        metrics.apply("e3", new TaskClaimed(RUN, "a", "agent-1", T0));
        metrics.apply("e4", new TurnCompleted(RUN, "agent-1", "a", "simulated-constant", 50, 100, 20, T0));
        metrics.apply("e5", new TurnCompleted(RUN, "agent-1", "a", "simulated-constant", 50, 130, 5, T0));
        metrics.apply("e6", new FileWritten(RUN, "agent-1", "a.py", 1, null, 42, T0));
        metrics.apply("e7", new WriteConflict(RUN, "agent-2", "a.py", 1L, 2, "agent-1", T0));
        metrics.apply("e8", new TestRunCompleted(RUN, "agent-1", "t1", 3, 0, 0, 0, false, 900, T0));
        metrics.apply("e9", new TestRunCompleted(RUN, "agent-1", "t2", 2, 1, 0, 1, false, 900, T0));
        metrics.apply("e10", new TaskDone(RUN, "a", "agent-1", T0));
        metrics.apply("e12", new FileOverwritten(RUN, "agent-2", "a.py", 3, null, 2, "agent-1", 17, T0));
        metrics.apply("e13", new FileOverwritten(RUN, "agent-1", "a.py", 4, 2L, 3, "agent-2", 5, T0));
        metrics.apply("e14", new ConcurrentWrite(RUN, "agent-1", "a.py", 4, 3, "agent-2", 120, T0));

        // When the run finishes 12.5 s after it started
        metrics.apply("e11", new RunFinished(RUN, "COMPLETED", T0.plusMillis(12_500)));

        // Then
        RunMetricsView view = metrics.view();
        assertThat(view.status()).isEqualTo("COMPLETED");
        assertThat(view.suite()).isEqualTo("tiny");
        assertThat(view.experimentId()).isEqualTo("exp-1");
        assertThat(view.makespanSeconds()).isEqualTo(12.5);
        assertThat(view.amdahlBound()).isCloseTo(1 / (0.5 + 0.5 / 2), within(1e-9));
        assertThat(view.tasksDone()).isEqualTo(1);
        assertThat(view.turns()).isEqualTo(2);
        assertThat(view.inputTokens()).isEqualTo(230);
        assertThat(view.outputTokens()).isEqualTo(25);
        assertThat(view.filesWritten()).isEqualTo(1);
        assertThat(view.writeConflicts()).isEqualTo(1);
        assertThat(view.overwrites()).isEqualTo(2);
        assertThat(view.destroyedChars()).isEqualTo(22);
        assertThat(view.concurrentWrites()).isEqualTo(1);
        assertThat(view.testRuns()).isEqualTo(2);
        assertThat(view.testRunsFailed()).isEqualTo(1);
    }

    @Test
    void boardIncidentsAreCounted() {
        // Given claims refused and leases lost on the board
        metrics.apply("b1", new TaskClaimBlocked(RUN, "b", "agent-2", "PENDING", T0));
        metrics.apply("b2", new TaskClaimConflict(RUN, "a", "agent-2", "agent-1", T0));
        metrics.apply("b3", new TaskClaimConflict(RUN, "a", "agent-3", "agent-1", T0));
        metrics.apply("b4", new TaskLeaseExpired(RUN, "a", "agent-1", 1, 1, T0));
        metrics.apply("b5", new TaskLeaseExpired(RUN, "a", "agent-2", 2, 2, T0));
        metrics.apply("b6", new TaskLeaseStale(RUN, "a", "agent-1", 1, 3, T0));
        metrics.apply("b7", new TaskLeaseExpired(RUN, "c", "agent-2", 1, 3, T0));

        // When a task is given up on
        metrics.apply("b8", new TaskFailed(RUN, "c", 3, "3 leases lost", T0));

        // Then each kind is counted, and a task that lost two leases is retried once
        RunMetricsView view = metrics.view();
        assertThat(view.blockedClaims()).isEqualTo(1);
        assertThat(view.claimConflicts()).isEqualTo(2);
        assertThat(view.staleLeases()).isEqualTo(1);
        assertThat(view.leaseExpiries()).isEqualTo(3);
        assertThat(view.retriedTasks()).isEqualTo(2);
        assertThat(view.tasksFailed()).isEqualTo(1);
    }

    @Test
    void duplicateEventIsIgnored() {
        // Given a turn already counted
        var turn = new TurnCompleted(RUN, "agent-1", "a", "simulated-constant", 50, 100, 20, T0);
        assertThat(metrics.apply("e1", turn)).isTrue();

        // When the same event is delivered again
        boolean applied = metrics.apply("e1", turn);

        // Then it is not counted twice
        assertThat(applied).isFalse();
        assertThat(metrics.view().turns()).isEqualTo(1);
        assertThat(metrics.view().inputTokens()).isEqualTo(100);
    }

    @Test
    void runWithoutFinishHasNoMakespanAndIsRunning() {
        // When only the start has been seen
        metrics.apply("e1", new RunStarted(RUN, null, "tiny", "preassigned", 1, "m", 3, 3, 0.0, T0));

        // Then
        assertThat(metrics.view().status()).isEqualTo(RunMetrics.RUNNING);
        assertThat(metrics.view().makespanSeconds()).isNull();
        assertThat(metrics.view().amdahlBound()).isEqualTo(1.0);
    }

    @Test
    void eventsBeforeRunStartedStillCount() {
        // Given a task event that overtook RunStarted (different topics are not ordered)
        metrics.apply("e1", new TaskDone(RUN, "a", "agent-1", T0));

        // When RunStarted arrives
        metrics.apply("e2", new RunStarted(RUN, null, "tiny", "preassigned", 1, "m", 3, 3, 0.0, T0));

        // Then both are reflected
        assertThat(metrics.view().tasksDone()).isEqualTo(1);
        assertThat(metrics.view().taskCount()).isEqualTo(3);
    }

    @Test
    void timedOutOrErroredTestRunsCountAsFailed() {
        // When test runs end with errors only, a non-zero exit, or a timeout
        metrics.apply("e1", new TestRunCompleted(RUN, "agent-1", "t1", 1, 0, 1, 0, false, 10, T0));
        metrics.apply("e2", new TestRunCompleted(RUN, "agent-1", "t2", 1, 0, 0, 2, false, 10, T0));
        metrics.apply("e3", new TestRunCompleted(RUN, "agent-1", "t3", 1, 0, 0, 0, true, 10, T0));

        // Then each counts as failed
        assertThat(metrics.view().testRunsFailed()).isEqualTo(3);
    }

    @Test
    void eventOfAnotherRunIsRefused() {
        assertThatThrownBy(() -> metrics.apply("e1", new TaskReady("other", "a", T0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static final Prices LIST = new Prices(Map.of("claude-sonnet-4-6", new Prices.Price(3, 15)));

    @Test
    void perAgentTokensTurnsAndIdleFractionFromTaskSpans() {
        // Given a 10 s run on 2 agents: agent-1 works on a from 0 s to 4 s and on c from 5 s to 8 s;
        // agent-2 loses its first lease on b, claims it again at 2 s and completes it at 7 s
        metrics.apply("s", new RunStarted(RUN, "exp", "tiny", "queue", 2, "claude-sonnet-4-6", 3, 2, 0.5, T0));
        metrics.apply("d1", new TaskDone(RUN, "a", "agent-1", T0.plusSeconds(4))); // overtakes its claim
        metrics.apply("c1", new TaskClaimed(RUN, "a", "agent-1", T0));
        metrics.apply("c2", new TaskClaimed(RUN, "b", "agent-2", T0.plusSeconds(1)));
        metrics.apply("x2", new TaskLeaseExpired(RUN, "b", "agent-2", 1, 1, T0.plusMillis(1500)));
        metrics.apply("c3", new TaskClaimed(RUN, "b", "agent-2", T0.plusSeconds(2)));
        metrics.apply("c4", new TaskClaimed(RUN, "c", "agent-1", T0.plusSeconds(5)));
        metrics.apply("d3", new TaskDone(RUN, "b", "agent-2", T0.plusSeconds(7)));
        metrics.apply("d4", new TaskDone(RUN, "c", "agent-1", T0.plusSeconds(8)));
        metrics.apply("t1", new TurnCompleted(RUN, "agent-1", "a", "claude-sonnet-4-6", 1000, 100, 10, T0));
        metrics.apply("t2", new TurnCompleted(RUN, "agent-1", "c", "claude-sonnet-4-6", 2000, 300, 30, T0));
        metrics.apply("t3", new TurnCompleted(RUN, "agent-2", "b", "claude-sonnet-4-6", 3000, 1000, 100, T0));
        metrics.apply("t4", new TurnCompleted(RUN, "agent-2", "b", "claude-sonnet-4-6", 6000, 1000, 100, T0));
        metrics.apply("r1", new TestRunCompleted(RUN, "agent-2", "tr", 1, 1, 0, 1, false, 10, T0));

        // When the run finishes at 10 s
        metrics.apply("f", new RunFinished(RUN, "COMPLETED", T0.plusSeconds(10)));

        // Then agent-1 was busy 4 + 3 = 7 s (idle 0.3), agent-2 5 s (idle 0.5)
        RunMetricsView view = metrics.view(LIST);
        assertThat(view.perAgent()).containsOnlyKeys("agent-1", "agent-2");
        AgentMetrics one = view.perAgent().get("agent-1");
        AgentMetrics two = view.perAgent().get("agent-2");
        assertThat(one).usingRecursiveComparison().withComparatorForType((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : 1,
                Double.class).isEqualTo(new AgentMetrics(2, 400, 40, 0, 2, 7.0, 0.3));
        assertThat(two.busySeconds()).isEqualTo(5.0);
        assertThat(two.idleFraction()).isCloseTo(0.5, within(1e-9));
        assertThat(two.turns()).isEqualTo(2);
        assertThat(two.inputTokens()).isEqualTo(2000);
        assertThat(two.outputTokens()).isEqualTo(200);
        assertThat(two.testRunsFailed()).isEqualTo(1);
        assertThat(two.tasksDone()).isEqualTo(1);
        // And the straggler gap is the slowest turn (6 s) minus the mean turn (12 s / 4 = 3 s)
        assertThat(view.stragglerGapSeconds()).isCloseTo(3.0, within(1e-9));
        // And 2400 input and 240 output tokens at $3 / $15 per million cost $0.0108
        assertThat(view.estimatedCostUsd()).isCloseTo(0.0108, within(1e-12));
        // And without n = 1 peers there is no speedup
        assertThat(view.speedup()).isNull();
        assertThat(view.tokenMultiplier()).isNull();
    }

    @Test
    void idleFractionAndStragglerGapAreUnknownUntilThereIsDataForThem() {
        // Given a running run with a claimed task and no turn
        metrics.apply("s", new RunStarted(RUN, "exp", "tiny", "queue", 1, "m", 1, 1, 0.0, T0));
        metrics.apply("c", new TaskClaimed(RUN, "a", "agent-1", T0));

        // Then
        RunMetricsView view = metrics.view(LIST);
        assertThat(view.perAgent().get("agent-1").idleFraction()).isNull();
        assertThat(view.stragglerGapSeconds()).isNull();
        assertThat(view.estimatedCostUsd()).isEqualTo(0.0);
    }

    @Test
    void simulatedModelsAreFreeAndAnUnpricedModelMakesTheCostUnknown() {
        // Given turns of a simulated model and of a priced one
        metrics.apply("t1", new TurnCompleted(RUN, "agent-1", "a", "simulated-constant", 10, 5_000, 500, T0));
        metrics.apply("t2", new TurnCompleted(RUN, "agent-1", "a", "claude-sonnet-4-6", 10, 1_000_000, 0, T0));
        assertThat(metrics.view(LIST).estimatedCostUsd()).isCloseTo(3.0, within(1e-9));

        // When a model without a price answers a turn
        metrics.apply("t3", new TurnCompleted(RUN, "agent-2", "b", "some-new-model", 10, 10, 10, T0));

        // Then the cost is not guessed
        assertThat(metrics.view(LIST).estimatedCostUsd()).isNull();
        assertThat(metrics.view(LIST).turns()).isEqualTo(3);
    }

    @Test
    void makespanLowerBoundIsTheLongerOfTheTimedCriticalPathAndTheWorkSharedOut() {
        // Given a -> b and c, d independent, on 2 agents; a takes 2 s, b 3 s, c 1 s, d 2 s from claim to done
        metrics.apply("s", new RunStarted(RUN, "exp", "tiny", "queue", 2, "m", 4, 2, 0.5, T0,
                Map.of("a", List.of(), "b", List.of("a"), "c", List.of(), "d", List.of())));
        done("a", "agent-1", 0, 2);
        done("b", "agent-1", 2, 3);
        done("c", "agent-2", 0, 1);
        done("d", "agent-2", 1, 2);

        // When the run ends after 10 s
        metrics.apply("f", new RunFinished(RUN, "COMPLETED", T0.plusSeconds(10)));

        // Then the bound is max(a -> b = 5 s, 8 s of work / 2) = 5 s, the efficiency 5 s / 10 s, and these task
        // times allow a speedup of 8 / 5 (the graph's limit for unit tasks: 4 / max(2, 2) = 2)
        RunMetricsView view = metrics.view();
        assertThat(view.workSeconds()).isCloseTo(8.0, within(1e-9));
        assertThat(view.makespanLowerBoundSeconds()).isCloseTo(5.0, within(1e-9));
        assertThat(view.efficiency()).isCloseTo(0.5, within(1e-9));
        assertThat(view.taskTimeSpeedupLimit()).isCloseTo(1.6, within(1e-9));
        assertThat(view.speedupLimit()).isEqualTo(2.0);
    }

    private void done(String task, String agent, int claimedAt, int seconds) {
        Instant claimed = T0.plusSeconds(claimedAt);
        metrics.apply("c" + task, new TaskClaimed(RUN, task, agent, claimed));
        metrics.apply("d" + task, new TaskDone(RUN, task, agent, claimed.plusSeconds(seconds)));
    }

    @Test
    void stragglerGapIsTheMeanOverConcurrentWindowsOfTheSlowestMinusTheMeanTurn() {
        // Given turns (start-end, s): agent-1 0-4 and agent-2 1-3 run together (gap 4 - 3 = 1);
        // agent-1 10-11 and agent-2 10.5-15.5 run together (gap 5 - 3 = 2); agent-1 20-26 runs alone
        metrics.apply("t1", turn("agent-1", 4000, T0.plusSeconds(4)));
        metrics.apply("t2", turn("agent-2", 2000, T0.plusSeconds(3)));
        metrics.apply("t3", turn("agent-1", 1000, T0.plusSeconds(11)));
        metrics.apply("t4", turn("agent-2", 5000, T0.plusMillis(15_500)));
        metrics.apply("t5", turn("agent-1", 6000, T0.plusSeconds(26)));

        // When
        RunMetricsView view = metrics.view();

        // Then the lone turn is no window of concurrent agents, and the gap is (1 + 2) / 2
        assertThat(view.stragglerGapSeconds()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void aSingleAgentHasNoStragglerGap() {
        // Given one agent's turns, back to back
        metrics.apply("t1", turn("agent-1", 4000, T0.plusSeconds(4)));
        metrics.apply("t2", turn("agent-1", 1000, T0.plusSeconds(5)));

        // Then no window has two agents
        assertThat(metrics.view().stragglerGapSeconds()).isNull();
    }

    @Test
    void aPreassignedAgentIsIdleWhileItsQueuedTasksWaitForIt() {
        // Given agent-1 is handed a and b at 0 s (both claimed for it); it works on a from 0 s to 3 s,
        // then on b from its first turn at 3 s to 6 s
        metrics.apply("s", new RunStarted(RUN, "exp", "tiny", "preassigned", 1, "m", 2, 1, 0.5, T0));
        metrics.apply("ca", new TaskClaimed(RUN, "a", "agent-1", T0));
        metrics.apply("cb", new TaskClaimed(RUN, "b", "agent-1", T0));
        metrics.apply("ta", new TurnCompleted(RUN, "agent-1", "a", "m", 1000, 10, 1, T0.plusSeconds(1)));
        metrics.apply("da", new TaskDone(RUN, "a", "agent-1", T0.plusSeconds(3)));
        metrics.apply("tb", new TurnCompleted(RUN, "agent-1", "b", "m", 1000, 10, 1, T0.plusSeconds(4)));
        metrics.apply("db", new TaskDone(RUN, "b", "agent-1", T0.plusSeconds(6)));

        // When the run ends at 10 s
        metrics.apply("f", new RunFinished(RUN, "COMPLETED", T0.plusSeconds(10)));

        // Then it was busy 3 + 3 s, not 3 + 6 s, and idle 40 % of the run
        AgentMetrics agent = metrics.view().perAgent().get("agent-1");
        assertThat(agent.busySeconds()).isCloseTo(6.0, within(1e-9));
        assertThat(agent.idleFraction()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void rewritesAreVersionsAfterAFilesFirst() {
        // When a.py is written three times and b.py once
        metrics.apply("w1", new FileWritten(RUN, "agent-1", "a.py", 1, null, 10, T0));
        metrics.apply("w2", new FileWritten(RUN, "agent-2", "a.py", 2, 1L, 10, T0));
        metrics.apply("w3", new FileWritten(RUN, "agent-1", "a.py", 3, 2L, 10, T0));
        metrics.apply("w4", new FileWritten(RUN, "agent-1", "b.py", 1, null, 10, T0));

        // Then
        assertThat(metrics.view().filesWritten()).isEqualTo(4);
        assertThat(metrics.view().rewrites()).isEqualTo(2);
    }

    @Test
    void aTaskClaimedAgainIsRetriedOnceHoweverItCameBack() {
        // Given a claimed twice (its agent gave it up and its lease ran out), b claimed once, c lost a lease
        metrics.apply("a1", new TaskClaimed(RUN, "a", "agent-1", T0));
        metrics.apply("x1", new TaskLeaseExpired(RUN, "a", "agent-1", 1, 1, T0.plusSeconds(5)));
        metrics.apply("a2", new TaskClaimed(RUN, "a", "agent-2", T0.plusSeconds(6)));
        metrics.apply("b1", new TaskClaimed(RUN, "b", "agent-1", T0));
        metrics.apply("c1", new TaskClaimed(RUN, "c", "agent-2", T0));
        metrics.apply("x2", new TaskLeaseExpired(RUN, "c", "agent-2", 1, 1, T0.plusSeconds(5)));

        // Then a and c are retried, b is not
        assertThat(metrics.view().retriedTasks()).isEqualTo(2);
    }

    @Test
    void messagesCountEverySentMessageOnceEvenWhenDelivered() {
        // Given two agents, one message to all and one to agent-1, the first delivered twice
        metrics.apply("t1", turn("agent-1", 1000, T0));
        metrics.apply("m1", new io.troupe.protocol.events.AgentEvent.MessageSent(RUN, "agent-1", "a", "all", 12, T0));
        metrics.apply("m1", new io.troupe.protocol.events.AgentEvent.MessageSent(RUN, "agent-1", "a", "all", 12, T0));
        metrics.apply("m2", new io.troupe.protocol.events.AgentEvent.MessageSent(RUN, "agent-2", "b", "agent-1", 5,
                T0.plusSeconds(1)));

        // Then two messages were sent
        assertThat(metrics.view().messages()).isEqualTo(2);
    }

    private static TurnCompleted turn(String agent, long latencyMillis, Instant end) {
        return new TurnCompleted(RUN, agent, "t", "m", latencyMillis, 10, 1, end);
    }

    @Test
    void paperConcurrentWritesAndCrossAgentRewritesOfAHandBuiltEventStream() {
        // Given writes of three paths, delivered out of order:
        // a.py: agent-1 at 0 s, agent-2 at 1.5 s, agent-1 again at 1.9 s (one window of two agents, two rewrites
        //       of the other's version), then agent-2 at 10 s (a window of one agent, a cross-agent rewrite)
        metrics.apply("w4", new FileWritten(RUN, "agent-2", "a.py", 4, 3L, 10, T0.plusMillis(10_000)));
        metrics.apply("w1", new FileWritten(RUN, "agent-1", "a.py", 1, null, 10, T0));
        metrics.apply("w3", new FileWritten(RUN, "agent-1", "a.py", 3, 2L, 10, T0.plusMillis(1_900)));
        metrics.apply("w2", new FileWritten(RUN, "agent-2", "a.py", 2, 1L, 10, T0.plusMillis(1_500)));
        // b.py: one agent writes it three times within a second (no concurrent write, no cross-agent rewrite)
        metrics.apply("b1", new FileWritten(RUN, "agent-3", "b.py", 1, null, 10, T0));
        metrics.apply("b2", new FileWritten(RUN, "agent-3", "b.py", 2, 1L, 10, T0.plusMillis(300)));
        metrics.apply("b3", new FileWritten(RUN, "agent-3", "b.py", 3, 2L, 10, T0.plusMillis(600)));
        // c.py: agent-1 writes at 0 s, agent-2 deletes it at 5 s and agent-1 writes it again at 5.5 s; then
        //       agent-2 writes at 7.6 s, just outside the window opened by agent-1's write at 5.5 s
        metrics.apply("c1", new FileWritten(RUN, "agent-1", "c.py", 1, null, 10, T0));
        metrics.apply("c2", new FileDeleted(RUN, "agent-2", "c.py", 2, 1L, T0.plusMillis(5_000)));
        metrics.apply("c3", new FileWritten(RUN, "agent-1", "c.py", 3, null, 10, T0.plusMillis(5_500)));
        metrics.apply("c4", new FileWritten(RUN, "agent-2", "c.py", 4, 3L, 10, T0.plusMillis(7_600)));

        // When the metrics are read
        RunMetricsView view = metrics.view();

        // Then a.py's first window is the one concurrent write (a deletion is not a write)
        assertThat(view.paperConcurrentWrites()).isEqualTo(1);
        // And a.py's versions 2, 3 and 4 and c.py's versions 3 (after agent-2's deletion) and 4 rewrote
        // another agent's version
        assertThat(view.crossAgentRewrites()).isEqualTo(5);
        assertThat(view.rewrites()).isEqualTo(7);
        // And the workspace's own concurrent-write incidents are a separate count
        assertThat(view.concurrentWrites()).isZero();
    }

    @Test
    void theConcurrentWindowIncludesAWriteAtItsEdge() {
        // Given two agents writing one path exactly the window apart
        metrics.apply("w1", new FileWritten(RUN, "agent-1", "a.py", 1, null, 10, T0));
        metrics.apply("w2", new FileWritten(RUN, "agent-2", "a.py", 2, 1L, 10, T0.plus(RunMetrics.CONCURRENT_WINDOW)));

        // When / Then they wrote concurrently
        assertThat(metrics.view().paperConcurrentWrites()).isEqualTo(1);
    }
}
