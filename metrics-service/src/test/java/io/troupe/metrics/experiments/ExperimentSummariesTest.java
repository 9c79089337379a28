package io.troupe.metrics.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.troupe.metrics.runs.RunMetricsView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentSummariesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static RunMetricsView run(String id, int agents, double makespan, long tokensIn, long conflicts) {
        return new RunMetricsView(id, "exp", "numlib-p05", "preassigned", agents, "COMPLETED", T0,
                T0.plusMillis((long) (makespan * 1000)), makespan, 20, 10, 0.5, 1 / (0.5 + 0.5 / agents), null,
                null, 20, 40, tokensIn, 0, null, 20, 0, conflicts, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, Map.of(), null,
                null, null, null);
    }

    @Test
    void cellsHaveMeanSpreadAndSpeedupAgainstTheSingleAgentCell() {
        // Given two single-agent runs (100 s and 120 s) and two 2-agent runs (50 s and 60 s)
        List<RunMetricsView> runs = List.of(run("a", 1, 100, 1000, 0), run("b", 1, 120, 1000, 0),
                run("c", 2, 50, 1500, 1), run("d", 2, 60, 2500, 3));

        // When
        ExperimentSummary summary = ExperimentSummaries.of("exp", runs);

        // Then speedup is the n = 1 mean (110 s) over each run's makespan: 2.2 and 1.8333
        assertThat(summary.cells()).hasSize(2);
        CellSummary two = summary.cells().get(1);
        assertThat(two.agents()).isEqualTo(2);
        assertThat(two.makespanSeconds().mean()).isEqualTo(55.0);
        assertThat(two.makespanSeconds().sd()).isCloseTo(Math.sqrt(50), within(1e-9));
        assertThat(two.makespanSeconds().se()).isCloseTo(5.0, within(1e-9));
        assertThat(two.speedup().mean()).isCloseTo((2.2 + 110.0 / 60) / 2, within(1e-9));
        assertThat(two.tokenMultiplier()).isCloseTo(2.0, within(1e-9));
        assertThat(two.speedupPerTokenMultiplier()).isCloseTo(two.speedup().mean() / 2.0, within(1e-9));
        assertThat(two.writeConflicts().mean()).isEqualTo(2.0);
        assertThat(two.amdahlBound()).isCloseTo(4.0 / 3, within(1e-9));
        assertThat(summary.cells().getFirst().speedup().mean()).isCloseTo((110.0 / 100 + 110.0 / 120) / 2,
                within(1e-9));
    }

    @Test
    void unfinishedRunsAreCountedButNotSummarized() {
        RunMetricsView running = new RunMetricsView("r", "exp", "tiny", "preassigned", 1, "RUNNING", T0, null, null,
                5, 3, 0.4, 1.0, null, null, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(),
                null, null, null, null);

        ExperimentSummary summary = ExperimentSummaries.of("exp", List.of(running));

        assertThat(summary.runs()).isEqualTo(1);
        assertThat(summary.finishedRuns()).isZero();
        assertThat(summary.cells()).isEmpty();
    }

    @Test
    void aCellWithoutASingleAgentBaselineHasNoSpeedup() {
        CellSummary cell = ExperimentSummaries.of("exp", List.of(run("c", 2, 50, 1500, 1))).cells().getFirst();

        assertThat(cell.speedup()).isNull();
        assertThat(cell.tokenMultiplier()).isNull();
        assertThat(cell.makespanSeconds().count()).isEqualTo(1);
        assertThat(cell.makespanSeconds().sd()).isZero();
    }

    @Test
    void stragglerGapAndCostAreAveragedOverTheRunsThatHaveThem() {
        // Given two 2-agent runs, one with a straggler gap of 1 s costing $0.50 and one with 3 s and no price
        RunMetricsView base = run("a", 2, 50, 1000, 0);
        RunMetricsView priced = new RunMetricsView("p", "exp", "numlib-p05", "preassigned", 2, "COMPLETED", T0,
                T0.plusSeconds(50), 50.0, 20, 10, 0.5, 4.0 / 3, null, null, 20, 40, 1000, 0, null, 20, 0, 0, 0, 0,
                0, 20, 0, 0, 0, 0, 0, 0, 0, Map.of(), 1.0, 0.5, null, null);
        RunMetricsView unpriced = new RunMetricsView("u", "exp", "numlib-p05", "preassigned", 2, "COMPLETED", T0,
                T0.plusSeconds(50), 50.0, 20, 10, 0.5, 4.0 / 3, null, null, 20, 40, 1000, 0, null, 20, 0, 0, 0, 0,
                0, 20, 0, 0, 0, 0, 0, 0, 0, Map.of(), 3.0, null, null, null);

        // When
        CellSummary cell = ExperimentSummaries.of("exp", List.of(priced, unpriced)).cells().getFirst();

        // Then
        assertThat(cell.parallelFraction()).isEqualTo(0.5);
        assertThat(cell.stragglerGapSeconds().mean()).isEqualTo(2.0);
        assertThat(cell.estimatedCostUsd().count()).isEqualTo(1);
        assertThat(cell.estimatedCostUsd().mean()).isEqualTo(0.5);
        assertThat(ExperimentSummaries.of("exp", List.of(base)).cells().getFirst().estimatedCostUsd()).isNull();
    }
}
