package io.troupe.metrics.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.troupe.metrics.runs.RunMetricsView;
import io.troupe.protocol.experiment.CellSummary;
import io.troupe.protocol.experiment.ExperimentSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's summary is troupe-protocol's CellSummaries over its run views; this checks the mapping. */
class ExperimentSummariesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static RunMetricsView run(String id, int agents, double makespan, long tokensIn, long conflicts,
                                      Double stragglerGap, Double cost) {
        return new RunMetricsView(id, "exp", "numlib-p05", "preassigned", agents, null, "COMPLETED", T0,
                T0.plusMillis((long) (makespan * 1000)), makespan, 20, 10, 0.5, 1 / (0.5 + 0.5 / agents), null,
                makespan * 0.7, makespan * 0.8, makespan * agents * 0.8, null, null, 20, 40, tokensIn, 0, null, 20,
                0, conflicts, 0,
                0, 0, 20, 0, 0, 0, 0, 0, 0, 0, Map.of(), stragglerGap, cost, null, null);
    }

    @Test
    void cellsHaveMedianQuartilesSpeedupAgainstTheSingleAgentMedianAndTheRealLimit() {
        // Given three single-agent runs (100, 120 and 400 s) and three 2-agent runs (50, 60, 70 s)
        List<RunMetricsView> runs = List.of(run("a", 1, 100, 1000, 0, null, null), run("b", 1, 120, 1000, 0, null,
                null), run("x", 1, 400, 1000, 0, null, null), run("c", 2, 50, 1500, 1, 1.0, 0.5),
                run("d", 2, 60, 2000, 3, 3.0, null), run("e", 2, 70, 2500, 2, null, null));

        // When
        ExperimentSummary summary = ExperimentSummaries.of("exp", runs);

        // Then speedup is the n = 1 median (120 s) over each run's makespan
        assertThat(summary.cells()).hasSize(2);
        CellSummary two = summary.cells().get(1);
        assertThat(two.agents()).isEqualTo(2);
        assertThat(two.makespanSeconds().median()).isEqualTo(60.0);
        assertThat(two.makespanSeconds().q1()).isEqualTo(55.0);
        assertThat(two.makespanSeconds().q3()).isEqualTo(65.0);
        assertThat(two.speedup().median()).isCloseTo(2.0, within(1e-9));
        assertThat(two.tokenMultiplier()).isCloseTo(2.0, within(1e-9));
        assertThat(two.writeConflicts().median()).isEqualTo(2.0);
        // And the reference lines: the graph's limit 20 / max(10, 10) = 2, Amdahl's prediction 4 / 3
        assertThat(two.speedupLimit()).isEqualTo(2.0);
        assertThat(two.amdahlPrediction()).isCloseTo(4.0 / 3, within(1e-9));
        assertThat(two.taskTimeSpeedupLimit().median()).isCloseTo(2.0, within(1e-9));
        assertThat(two.aboveLimit()).isFalse();
        // And straggler gap and cost over the runs that have one
        assertThat(two.stragglerGapSeconds().median()).isEqualTo(2.0);
        assertThat(two.estimatedCostUsd().count()).isEqualTo(1);
        assertThat(summary.cells().getFirst().estimatedCostUsd()).isNull();
        assertThat(two.parallelFraction()).isEqualTo(0.5);
    }

    @Test
    void unfinishedRunsAreCountedButNotSummarized() {
        RunMetricsView running = new RunMetricsView("r", "exp", "tiny", "preassigned", 1, null, "RUNNING", T0, null,
                null, 5, 3, 0.4, 1.0, 1.0, null, null, null, null, null, 0, 0, 0, 0,
                null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, Map.of(), null, null, null, null);

        ExperimentSummary summary = ExperimentSummaries.of("exp", List.of(running));

        assertThat(summary.runs()).isEqualTo(1);
        assertThat(summary.finishedRuns()).isZero();
        assertThat(summary.cells()).isEmpty();
    }
}
