package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputBenchTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void tasksPerSecondIsTheCountOverTheWallTime() {
        assertThat(ThroughputBench.perSecond(200, Duration.ofMillis(12_500))).isCloseTo(16.0, within(1e-9));
        assertThat(ThroughputBench.perSecond(5, Duration.ZERO)).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 9.0, 8.0, 7.0, 6.0);

        assertThat(ThroughputBench.percentile(values, 0.50)).isEqualTo(5.0);
        assertThat(ThroughputBench.percentile(values, 0.99)).isEqualTo(10.0);
        assertThat(ThroughputBench.percentile(values, 0.0)).isEqualTo(1.0);
        assertThat(ThroughputBench.percentile(List.of(7.0), 0.99)).isEqualTo(7.0);
        assertThat(ThroughputBench.percentile(List.of(), 0.5)).isNaN();
    }

    @Test
    void aRatioWithoutADenominatorIsNaN() {
        assertThat(ThroughputBench.ratio(3.0, 4.0)).isEqualTo(0.75);
        assertThat(ThroughputBench.ratio(3.0, 0.0)).isNaN();
        assertThat(ThroughputBench.ratio(Double.NaN, 4.0)).isNaN();
    }

    @Test
    void aTaskHandOffRunsFromItsFirstReadyToItsFirstTurn() {
        // Given t1 offered twice (a re-offer) and turned twice, t2 ready but never started
        List<TroupeEvent> events = List.of(
                new TaskEvent.TaskReady("r", "t1", T0),
                new TaskEvent.TaskReady("r", "t1", T0.plusMillis(500)),
                new AgentEvent.TurnStarted("r", "agent-1", "t1", "m", 2, T0.plusMillis(40)),
                new AgentEvent.TurnStarted("r", "agent-1", "t1", "m", 1, T0.plusMillis(12)),
                new TaskEvent.TaskReady("r", "t2", T0),
                // a lead's turn is for no task
                new AgentEvent.TurnStarted("r", "lead", null, "m", 1, T0.plusMillis(1)));

        // When
        List<Double> handOffs = ThroughputBench.fold(events).handOffMillis();

        // Then
        assertThat(handOffs).containsExactly(12.0);
    }

    @Test
    void theModelTimeBoundIsTheLongerOfTheChainAndTheWorkSharedOut() {
        // Given a -> b, and c, d, e independent; every task two 0.5 s turns
        Map<String, List<String>> graph = Map.of("a", List.of(), "b", List.of("a"), "c", List.of(),
                "d", List.of(), "e", List.of());
        List<TroupeEvent> events = new java.util.ArrayList<>();
        events.add(new RunEvent.RunStarted("r", null, "s", "queue", 2, "m", 5, 2, 0.6, T0, List.of(), null,
                graph, 1L));
        for (String task : graph.keySet()) {
            events.add(turn(task));
            events.add(turn(task));
        }

        // When
        ThroughputBench.RunTimes times = ThroughputBench.fold(events);

        // Then: 5 s of work on 2 agents is 2.5 s, above the 2 s chain; on 5 agents the chain decides
        assertThat(times.modelSeconds()).containsEntry("a", 1.0);
        assertThat(times.modelTimeLowerBound(2)).isCloseTo(2.5, within(1e-9));
        assertThat(times.modelTimeLowerBound(5)).isCloseTo(2.0, within(1e-9));
        assertThat(ThroughputBench.ratio(3.0, times.modelTimeLowerBound(2))).isCloseTo(1.2, within(1e-9));
    }

    private static TroupeEvent turn(String task) {
        return new AgentEvent.TurnCompleted("r", "agent-1", task, "m", 500, 10, 10, T0);
    }
}
