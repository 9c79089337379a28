package io.troupe.metrics.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunMetricsStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final RunMetricsStore store = new RunMetricsStore(Prices.none());

    private void run(String id, String experiment, String architecture, int agents, int seconds, int tokens) {
        store.apply(UUID.randomUUID().toString(), new RunStarted(id, experiment, "numlib-p09", architecture, agents,
                "simulated-constant", 20, 2, 0.9, T0));
        store.apply(UUID.randomUUID().toString(), new TurnCompleted(id, "agent-1", "t1", "simulated-constant", 10,
                tokens, 0, T0));
        store.apply(UUID.randomUUID().toString(), new RunFinished(id, "COMPLETED", T0.plusSeconds(seconds)));
    }

    @Test
    void speedupAndTokenMultiplierAreAgainstTheSingleAgentRunsOfTheSameCell() {
        // Given two n = 1 queue runs (40 s, 60 s; 100 and 300 tokens) and an n = 2 queue run (25 s, 400 tokens)
        run("one-a", "exp", "queue", 1, 40, 100);
        run("one-b", "exp", "queue", 1, 60, 300);
        run("two", "exp", "queue", 2, 25, 400);
        // And an n = 2 run of another architecture, and an n = 1 queue run of another experiment
        run("two-pre", "exp", "preassigned", 2, 20, 100);
        run("one-other", "other", "queue", 1, 10, 1);
        // And a running n = 2 queue run
        store.apply("s", new RunStarted("running", "exp", "numlib-p09", "queue", 2, "m", 20, 2, 0.9, T0));

        // When
        Map<String, RunMetricsView> views = store.all().stream()
                .collect(Collectors.toMap(RunMetricsView::runId, v -> v));

        // Then the n = 2 queue run is 50 s / 25 s = 2x faster for 400 / 200 = 2x the tokens
        assertThat(views.get("two").speedup()).isCloseTo(2.0, within(1e-9));
        assertThat(views.get("two").tokenMultiplier()).isCloseTo(2.0, within(1e-9));
        assertThat(store.metricsOf("two").speedup()).isCloseTo(2.0, within(1e-9));
        // And the n = 1 runs compare with their own mean
        assertThat(views.get("one-a").speedup()).isCloseTo(50.0 / 40, within(1e-9));
        // And runs without a baseline in their cell, or not finished, have none
        assertThat(views.get("two-pre").speedup()).isNull();
        assertThat(views.get("running").speedup()).isNull();
        assertThat(views.get("one-other").speedup()).isCloseTo(1.0, within(1e-9));
        assertThat(List.copyOf(views.keySet())).hasSize(6);
    }
}
