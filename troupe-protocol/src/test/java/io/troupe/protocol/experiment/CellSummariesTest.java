package io.troupe.protocol.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellSummariesTest {

    /**
     * A completed run of a 20-task graph with a critical path of 2 (p = 0.9), no seed, whose task times' chain
     * is 30 % of its makespan.
     */
    private static RunSample run(String arch, int n, double makespan, long tokens) {
        return new RunSample("r-" + arch + n + makespan, "numlib-p09", arch, n, "COMPLETED", makespan, 20, 2, 0.9,
                makespan * n * 0.9, makespan * 0.9, tokens, 0, n - 1, 0, 0, 0, n == 1 ? null : 0.5, null, null,
                null, null, makespan * 0.3);
    }

    /** A completed preassigned run of numlib-p05 (20 tasks, critical path 10) of {@code seed}. */
    private static RunSample seeded(int n, long seed, double makespan, double criticalPathSeconds) {
        return new RunSample("r-" + n + "-" + seed, "numlib-p05", "preassigned", n, "COMPLETED", makespan, 20, 10,
                0.5, null, null, 1000, 0, 0, 0, 0, 0, null, null, null, null, seed, criticalPathSeconds);
    }

    @Test
    void eachRunIsComparedWithTheSingleAgentRunOfItsSeedAndCheckedAgainstItsOwnTaskTimes() {
        // Given a sweep's numlib-p05 runs (seeds 1-3, n = 1 and 5; makespans and chains of task times as
        // measured): seed 2's chain of ten tasks holds 156 of its 437 s of work, so a team may beat the
        // unit-task limit of 2.0
        List<RunSample> runs = List.of(seeded(1, 1, 426.9, 207.1), seeded(1, 2, 459.1, 156.0),
                seeded(1, 3, 273.2, 144.6), seeded(5, 1, 217.3, 206.5), seeded(5, 2, 162.7, 154.7),
                seeded(5, 3, 152.5, 143.4));

        // When
        ExperimentSummary summary = CellSummaries.of("exp", runs);

        // Then each n = 5 run's speedup is over its own seed's n = 1 run: 1.96, 2.82, 1.79 (over the median
        // baseline of 426.9 s they would be 1.96, 2.62, 2.80: seed 3's easier draws made to look like teamwork)
        CellSummary five = summary.cells().get(1);
        assertThat(five.baselineMakespanSeconds()).isEqualTo(426.9);
        assertThat(five.speedup().median()).isCloseTo(426.9 / 217.3, within(1e-9));
        assertThat(five.speedup().max()).isCloseTo(459.1 / 162.7, within(1e-9));
        assertThat(five.speedup().min()).isCloseTo(273.2 / 152.5, within(1e-9));
        // and the limit of the task times is T1 / max(chain, T1 / n) per run: 2.07, 2.97, 1.91
        assertThat(five.taskTimeSpeedupLimit().median()).isCloseTo(426.9 / 206.5, within(1e-9));
        assertThat(five.taskTimeSpeedupLimit().max()).isCloseTo(459.1 / 154.7, within(1e-9));
        // so the cell is above the unit-task limit (2.0) and rightly not flagged
        assertThat(five.speedupLimit()).isEqualTo(2.0);
        assertThat(five.speedup().max()).isGreaterThan(five.speedupLimit() * 1.05);
        assertThat(five.aboveLimit()).isFalse();
        assertThat(summary.cellsAboveLimit()).isZero();
    }

    @Test
    void aRunFasterThanItsOwnChainOfTasksOrItsShareOfTheWorkIsFlagged() {
        // Given n = 5 runs that took less than the chain of their own task times (a clock or timestamp defect)
        List<RunSample> runs = List.of(seeded(1, 1, 426.9, 207.1), seeded(1, 2, 459.1, 156.0),
                seeded(5, 1, 150.0, 206.5), seeded(5, 2, 100.0, 154.7));
        RunSample fast = runs.get(3);
        CellSummaries.Baseline baseline = CellSummaries.baselines(runs)
                .get(CellSummaries.Cell.of(fast).baseline());

        // Then each run's speedup is above its limit, and the cell is flagged
        assertThat(CellSummaries.speedup(fast, baseline)).isCloseTo(4.591, within(1e-9));
        assertThat(CellSummaries.taskTimeLimit(fast, baseline)).isCloseTo(459.1 / 154.7, within(1e-9));
        assertThat(CellSummaries.of("exp", runs).cellsAboveLimit()).isEqualTo(1);

        // Given instead an n = 1 baseline slowed down by a busy machine (a team cannot beat T1 / n)
        List<RunSample> inflated = List.of(seeded(1, 1, 2000.0, 207.1), seeded(5, 1, 217.3, 206.5));
        // Then speedup 9.2 is above the limit of 5.0 and flagged
        assertThat(CellSummaries.of("exp", inflated).cells().get(1).taskTimeSpeedupLimit().median())
                .isCloseTo(5.0, within(1e-9));
        assertThat(CellSummaries.of("exp", inflated).cellsAboveLimit()).isEqualTo(1);
    }

    @Test
    void theBaselineIsTheMedianOfTheSingleAgentRepetitions() {
        // Given three n = 1 runs (100, 110, 300 s: one slowed by a busy machine) and three n = 3 runs
        List<RunSample> runs = List.of(run("preassigned", 1, 100, 1000), run("preassigned", 1, 110, 1000),
                run("preassigned", 1, 300, 3000), run("preassigned", 3, 40, 1200), run("preassigned", 3, 44, 1500),
                run("preassigned", 3, 55, 1800));

        // When
        ExperimentSummary summary = CellSummaries.of("exp", runs);

        // Then the baseline is 110 s (the mean, 170 s, would have made n = 3 look 4x faster)
        CellSummary three = summary.cells().get(1);
        assertThat(three.baselineMakespanSeconds()).isEqualTo(110.0);
        assertThat(three.speedup().median()).isCloseTo(110.0 / 44, within(1e-9));
        assertThat(three.speedup().q1()).isCloseTo((110.0 / 55 + 110.0 / 44) / 2, within(1e-9));
        assertThat(three.speedup().q3()).isCloseTo((110.0 / 44 + 110.0 / 40) / 2, within(1e-9));
        assertThat(three.makespanSeconds().median()).isEqualTo(44.0);
        assertThat(three.tokenMultiplier()).isCloseTo(1.5, within(1e-9));
        assertThat(three.speedupPerTokenMultiplier()).isCloseTo(110.0 / 44 / 1.5, within(1e-9));
        // And the reference lines: the graph's limit 20 / 7, Amdahl's prediction 2.5, the task-time limit
        assertThat(three.speedupLimit()).isCloseTo(20.0 / 7, within(1e-9));
        assertThat(three.amdahlPrediction()).isCloseTo(2.5, within(1e-9));
        assertThat(three.taskTimeSpeedupLimit().median()).isCloseTo(3.0, within(1e-9));
        assertThat(three.aboveLimit()).isFalse();
        assertThat(summary.cellsAboveLimit()).isZero();
        assertThat(summary.cells().getFirst().speedup().median()).isEqualTo(1.0);
    }

    @Test
    void aCellAboveTheGraphsLimitIsFlaggedAndCounted() {
        // Given the numbers: n = 1 at 28.8 s in the sweep, n = 3 at 4.9 s (5.88x; the graph allows 2.86)
        List<RunSample> runs = List.of(run("preassigned", 1, 28.8, 100), run("preassigned", 3, 4.9, 100),
                run("queue", 1, 10, 100), run("queue", 3, 3.6, 100));

        // When
        ExperimentSummary summary = CellSummaries.of("exp", runs);

        // Then preassigned n = 3 is flagged; queue n = 3 (2.78x) is not
        assertThat(summary.cells()).extracting(CellSummary::architecture, CellSummary::agents,
                CellSummary::aboveLimit).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("preassigned", 1, false),
                        org.assertj.core.groups.Tuple.tuple("preassigned", 3, true),
                        org.assertj.core.groups.Tuple.tuple("queue", 1, false),
                        org.assertj.core.groups.Tuple.tuple("queue", 3, false));
        assertThat(summary.cellsAboveLimit()).isEqualTo(1);
    }

    @Test
    void failedAndUnfinishedRunsAreCountedButNotMeasured() {
        RunSample failed = new RunSample("f", "tiny", "queue", 2, "FAILED", 99.0, 5, 3, 0.4, null, null, 0, 0, 0, 0,
                0, 0, null, null, null, null);
        RunSample running = new RunSample("r", "tiny", "queue", 2, "RUNNING", null, 5, 3, 0.4, null, null, 0, 0, 0,
                0, 0, 0, null, null, null, null);
        RunSample ok = new RunSample("o", "tiny", "queue", 2, "COMPLETED", 10.0, 5, 3, 0.4, null, null, 0, 0, 0, 0,
                0, 0, 1.0, null, 0.9, true);

        ExperimentSummary summary = CellSummaries.of("exp", List.of(failed, running, ok));

        assertThat(summary.runs()).isEqualTo(3);
        assertThat(summary.finishedRuns()).isEqualTo(2);
        CellSummary cell = summary.cells().getFirst();
        assertThat(cell.runs()).isEqualTo(2);
        assertThat(cell.completed()).isEqualTo(1);
        assertThat(cell.makespanSeconds().median()).isEqualTo(10.0);
        assertThat(cell.speedup()).as("no n = 1 baseline").isNull();
        assertThat(cell.aboveLimit()).isFalse();
        assertThat(cell.criticalPathModelShare().median()).isEqualTo(0.9);
        assertThat(cell.estimatedCostUsd()).isNull();
        assertThat(cell.finalTestsPassed()).isEqualTo(1);
        assertThat(cell.finalTestsRun()).isEqualTo(1);
        assertThat(cell.speedupLimit()).isCloseTo(5.0 / 3, within(1e-9));
    }

    @Test
    void aCellSummarizesThePapersConcurrentWritesAndCrossAgentRewritesOfItsCompletedRuns() {
        // Given three completed n = 2 runs with 1, 4 and 7 of the paper's concurrent writes and 2, 3 and 10
        // cross-agent rewrites, and a failed one with many
        List<RunSample> runs = List.of(writes("a", "COMPLETED", 1, 2), writes("b", "COMPLETED", 4, 3),
                writes("c", "COMPLETED", 7, 10), writes("d", "FAILED", 50, 50));

        // When
        CellSummary cell = CellSummaries.of("exp", runs).cells().getFirst();

        // Then the medians and quartiles are over the completed runs only
        assertThat(cell.concurrentWrites().median()).isEqualTo(4.0);
        assertThat(cell.concurrentWrites().q1()).isEqualTo(2.5);
        assertThat(cell.crossAgentRewrites().median()).isEqualTo(3.0);
        assertThat(cell.crossAgentRewrites().max()).isEqualTo(10.0);
    }

    private static RunSample writes(String id, String status, long concurrentWrites, long crossAgentRewrites) {
        return new RunSample(id, "tiny", "queue", 2, status, 10.0, 5, 3, 0.4, null, null, 0, 0, 0, 0, 0, 0, null,
                null, null, null, null, null, concurrentWrites, crossAgentRewrites);
    }
}
