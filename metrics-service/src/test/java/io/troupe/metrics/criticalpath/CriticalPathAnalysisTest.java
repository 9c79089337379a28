package io.troupe.metrics.criticalpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.troupe.metrics.criticalpath.CriticalPath.Breakdown;
import io.troupe.metrics.criticalpath.CriticalPath.Step;
import io.troupe.metrics.criticalpath.CriticalPath.WaitedFor;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskLeaseExpired;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.protocol.events.WorkspaceEvent.WriteConflict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriticalPathAnalysisTest {
    private static final String RUN = "run-cp";
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void serialChainIsTheDagsChainWithEveryKindOfWorkAccountedFor() {
        // Given a → b → c, done one after the other, with a write conflict and a test run in a
        List<TroupeEvent> events = new ArrayList<>();
        events.add(started(1, deps("a", List.of(), "b", List.of("a"), "c", List.of("b"))));
        events.add(new TaskReady(RUN, "a", at(0)));
        events.add(new TaskClaimed(RUN, "a", "agent-1", at(0.1)));
        events.add(turn("agent-1", "a", 0.9, 800));
        events.add(new WriteConflict(RUN, "agent-1", "a.py", 1L, 2, "agent-2", at(1.0)));
        events.add(turn("agent-1", "a", 1.4, 400));
        events.add(new FileWritten(RUN, "agent-1", "a.py", 3, 2L, 10, at(1.5)));
        events.add(new TestRunCompleted(RUN, "agent-1", "tr-1", 1, 0, 0, 0, false, 500, at(2.5)));
        events.add(new TaskDone(RUN, "a", "agent-1", at(3.0)));
        events.add(new TaskReady(RUN, "b", at(3.05)));
        events.add(new TaskClaimed(RUN, "b", "agent-1", at(3.1)));
        events.add(turn("agent-1", "b", 5.1, 2000));
        events.add(new TaskDone(RUN, "b", "agent-1", at(6.0)));
        events.add(new TaskReady(RUN, "c", at(6.05)));
        events.add(new TaskClaimed(RUN, "c", "agent-2", at(6.1)));
        events.add(turn("agent-2", "c", 8.1, 2000));
        events.add(new TaskDone(RUN, "c", "agent-2", at(9.0)));
        events.add(new RunFinished(RUN, "COMPLETED", at(9.2)));
        Collections.shuffle(events, new java.util.Random(7));

        // When
        CriticalPath path = CriticalPathAnalysis.of(RUN, events);

        // Then
        assertThat(path.chain()).extracting(Step::taskId).containsExactly("a", "b", "c");
        assertThat(path.chain()).extracting(Step::waitedFor)
                .containsExactly(WaitedFor.START, WaitedFor.DEPENDENCY, WaitedFor.DEPENDENCY);
        assertThat(path.chain()).extracting(Step::after).containsExactly(null, "a", "b");
        assertThat(path.dagCriticalPath()).containsExactly("a", "b", "c");
        assertThat(path.matchesDag()).isTrue();
        assertThat(path.differences()).isEmpty();
        assertThat(path.makespanSeconds()).isEqualTo(9.2);
        Breakdown b = path.breakdown();
        assertThat(b.llmSeconds()).isCloseTo(4.8, within(1e-9));
        assertThat(b.toolSeconds()).isCloseTo(3.4, within(1e-9));
        assertThat(b.conflictRetrySeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(b.queueWaitSeconds()).isCloseTo(0.2, within(1e-9));
        assertThat(b.dependencyWaitSeconds()).isCloseTo(0.1, within(1e-9));
        assertThat(b.coordinationSeconds()).isCloseTo(0.2, within(1e-9));
        assertThat(b.otherSeconds()).isZero();
        assertThat(sum(b)).isCloseTo(path.makespanSeconds(), within(1e-9));
    }

    @Test
    void fanOutWithOneStragglerRunsThroughTheStraggler() {
        // Given r → {x, y, z} → s on three agents, where agent-3 takes z five times longer
        List<TroupeEvent> events = new ArrayList<>();
        events.add(started(3, deps("r", List.of(), "x", List.of("r"), "y", List.of("r"), "z", List.of("r"),
                "s", List.of("x", "y", "z"))));
        task(events, "r", "agent-1", 0, 0, 1);
        task(events, "x", "agent-1", 1, 1, 5);
        task(events, "y", "agent-2", 1, 1, 5);
        task(events, "z", "agent-3", 1, 1, 20);
        task(events, "s", "agent-1", 20, 20, 24);
        events.add(new RunFinished(RUN, "COMPLETED", at(24)));

        // When
        CriticalPath path = CriticalPathAnalysis.of(RUN, events);

        // Then the chain is the straggler's, a chain of the DAG as long as its critical path
        assertThat(path.chain()).extracting(Step::taskId).containsExactly("r", "z", "s");
        assertThat(path.chain()).extracting(Step::agentId).containsExactly("agent-1", "agent-3", "agent-1");
        assertThat(path.chain()).extracting(Step::waitedFor)
                .containsExactly(WaitedFor.START, WaitedFor.DEPENDENCY, WaitedFor.DEPENDENCY);
        assertThat(path.dagCriticalPath()).containsExactly("r", "x", "s");
        assertThat(path.matchesDag()).isTrue();
        assertThat(path.differences()).singleElement().asString().contains("z instead of x");
        assertThat(path.breakdown().llmSeconds()).isCloseTo(24.0, within(1e-9));
        assertThat(sum(path.breakdown())).isCloseTo(24.0, within(1e-9));
    }

    @Test
    void queueWaitDominatedRunSaysTheTasksWaitedForTheQueueAndTheAgent() {
        // Given two independent tasks READY at once and one agent that claims the first only after 10 s
        List<TroupeEvent> events = new ArrayList<>();
        events.add(started(1, deps("a", List.of(), "b", List.of())));
        events.add(new TaskReady(RUN, "b", at(0)));
        task(events, "a", "agent-1", 0, 10, 12);
        events.add(new TaskClaimed(RUN, "b", "agent-1", at(12.5)));
        events.add(turn("agent-1", "b", 14.5, 2000));
        events.add(new TaskDone(RUN, "b", "agent-1", at(14.5)));
        events.add(new RunFinished(RUN, "COMPLETED", at(14.5)));

        // When
        CriticalPath path = CriticalPathAnalysis.of(RUN, events);

        // Then
        assertThat(path.chain()).extracting(Step::taskId).containsExactly("a", "b");
        assertThat(path.chain()).extracting(Step::waitedFor).containsExactly(WaitedFor.QUEUE, WaitedFor.AGENT);
        assertThat(path.chain()).extracting(Step::after).containsExactly(null, "a");
        assertThat(path.breakdown().queueWaitSeconds()).isCloseTo(10.5, within(1e-9));
        assertThat(path.breakdown().llmSeconds()).isCloseTo(4.0, within(1e-9));
        assertThat(path.breakdown().queueWaitSeconds()).isGreaterThan(path.makespanSeconds() / 2);
        assertThat(path.matchesDag()).isFalse();
        assertThat(path.differences()).anySatisfy(d -> assertThat(d).contains("b waited for agent-1 to finish a"))
                .anySatisfy(d -> assertThat(d).contains("a sat in the queue"))
                .anySatisfy(d -> assertThat(d).contains("the observed chain has 2 tasks, the DAG's critical path 1"));
    }

    @Test
    void agentThatWasFreeWhenTheTaskWasReadyIsNotWhatItWaitedFor() {
        // Given a → b, and b's agent finishing an unrelated x after a but before b was READY
        List<TroupeEvent> events = new ArrayList<>();
        events.add(started(2, deps("a", List.of(), "x", List.of(), "b", List.of("a"))));
        task(events, "a", "agent-1", 0, 0, 4.0);
        task(events, "x", "agent-2", 0, 0, 4.02);
        task(events, "b", "agent-2", 4.05, 4.1, 8);
        events.add(new RunFinished(RUN, "COMPLETED", at(8)));

        // When
        CriticalPath path = CriticalPathAnalysis.of(RUN, events);

        // Then b waited for its dependency, not for its agent
        assertThat(path.chain()).extracting(Step::taskId).containsExactly("a", "b");
        assertThat(path.chain().get(1).waitedFor()).isEqualTo(WaitedFor.DEPENDENCY);
        assertThat(path.matchesDag()).isTrue();
    }

    @Test
    void workLostWithAnExpiredLeaseIsOtherTime() {
        // Given a task whose first agent lost its lease after 4 s, then done by another agent
        List<TroupeEvent> events = new ArrayList<>();
        events.add(started(2, deps("a", List.of())));
        events.add(new TaskReady(RUN, "a", at(0)));
        events.add(new TaskClaimed(RUN, "a", "agent-1", at(0)));
        events.add(new TaskLeaseExpired(RUN, "a", "agent-1", 1, 1, at(4)));
        events.add(new TaskClaimed(RUN, "a", "agent-2", at(5)));
        events.add(new TaskDone(RUN, "a", "agent-2", at(6)));
        events.add(new RunFinished(RUN, "COMPLETED", at(6)));

        // When
        CriticalPath path = CriticalPathAnalysis.of(RUN, events);

        // Then the chain is the second agent's attempt, after 4 s lost and 1 s in the queue
        assertThat(path.chain()).extracting(Step::agentId).containsExactly("agent-2");
        assertThat(path.chain().getFirst().claimedAt()).isEqualTo(5.0);
        assertThat(path.breakdown().otherSeconds()).isCloseTo(4.0, within(1e-9));
        assertThat(path.breakdown().queueWaitSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(path.breakdown().toolSeconds()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void runWithoutCompletedTasksHasAnEmptyChain() {
        // Given a run that started and nothing else
        List<TroupeEvent> events = List.of(started(1, deps("a", List.of())), new TaskReady(RUN, "a", at(2)));

        // When
        CriticalPath path = CriticalPathAnalysis.of(RUN, events);

        // Then
        assertThat(path.status()).isEqualTo("RUNNING");
        assertThat(path.chain()).isEmpty();
        assertThat(path.matchesDag()).isFalse();
        assertThat(sum(path.breakdown())).isCloseTo(2.0, within(1e-9));
    }

    /** A task READY at {@code ready}, claimed at {@code claimed}, one LLM turn until done at {@code done}. */
    private static void task(List<TroupeEvent> events, String task, String agent, double ready, double claimed,
                             double done) {
        events.add(new TaskReady(RUN, task, at(ready)));
        events.add(new TaskClaimed(RUN, task, agent, at(claimed)));
        events.add(turn(agent, task, done, Math.round((done - claimed) * 1000)));
        events.add(new TaskDone(RUN, task, agent, at(done)));
    }

    private static RunStarted started(int agents, Map<String, List<String>> deps) {
        return new RunStarted(RUN, null, "hand-built", "queue", agents, "m", deps.size(), 0, 0.0, T0, deps);
    }

    private static Map<String, List<String>> deps(Object... pairs) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> d = (List<String>) pairs[i + 1];
            deps.put((String) pairs[i], d);
        }
        return deps;
    }

    private static TurnCompleted turn(String agent, String task, double endsAt, long latencyMillis) {
        return new TurnCompleted(RUN, agent, task, "m", latencyMillis, 10, 10, at(endsAt));
    }

    private static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    private static double sum(Breakdown b) {
        return b.llmSeconds() + b.toolSeconds() + b.queueWaitSeconds() + b.dependencyWaitSeconds()
                + b.conflictRetrySeconds() + b.coordinationSeconds() + b.otherSeconds();
    }
}
