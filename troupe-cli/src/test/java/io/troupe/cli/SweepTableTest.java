package io.troupe.cli;

import static io.troupe.cli.SweepRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.protocol.experiment.RunSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTableTest {

    @Test
    void aCellIsTheMedianAndQuartilesOfItsRepetitionsEachAgainstTheSingleAgentRunOfItsSeed() {
        // Given three single-agent repetitions (10, 12 and 13 s) and three at n = 3 (4.8, 4.4, 6 s), seeds 1-3
        var rows = List.of(row("preassigned", 3, 1, 4.8, 1100, 5, 5), row("preassigned", 1, 1, 10, 900, 5, 5),
                row("preassigned", 1, 2, 12, 1000, 5, 5), row("preassigned", 1, 3, 13, 900, 5, 5),
                row("preassigned", 3, 2, 4.4, 1400, 5, 5), row("preassigned", 3, 3, 6.0, 1200, 4, 5));

        // When
        List<String> lines = SweepTable.render(rows).lines().toList();

        // Then n = 3 has the speedups 10 / 4.8, 12 / 4.4, 13 / 6 (2.08, 2.73, 2.17: median 2.17, quartiles 2.13
        // and 2.45), under the unit-task limit 20 / 7 = 2.86 and the task-time limit 3.00; Amdahl predicts 2.50;
        // 1300 / 1000 the tokens; two of three passed their tests
        assertThat(lines.getFirst()).isEqualTo(SweepTable.HEADER);
        assertThat(lines.get(1)).matches("numlib-p09\\s+preassigned\\s+1\\s+3/3\\s+12\\.0 \\[11\\.0-12\\.5]"
                + "\\s+1\\.00 \\[1\\.00-1\\.00]\\s+1\\.00\\s+1\\.00\\s+1\\.00\\s+1000\\s+1\\.00"
                + "\\s+0\\s+0\\s+0\\s+-\\s+-\\s+3/3"
                + "\\s+ok");
        assertThat(lines.get(2)).matches("numlib-p09\\s+preassigned\\s+3\\s+3/3\\s+4\\.8 \\[4\\.6-5\\.4]\\s+"
                + "2\\.17 \\[2\\.13-2\\.45]\\s+2\\.86\\s+3\\.00\\s+2\\.50\\s+1300\\s+1\\.30"
                + "\\s+2\\s+0\\s+0\\s+0\\.75\\s+-"
                + "\\s+2/3\\s+ok");
    }

    @Test
    void aCellAboveTheRealLimitIsFlaggedAndCountedInTheChecks() {
        // Given the numbers: numlib-p09 preassigned n = 1 in 28.8 s, n = 3 in 4.9 s (5.88x; its task times
        // allow 28.8 / max(1.47, 28.8 / 3) = 3.00)
        var rows = List.of(row("preassigned", 1, 1, 28.8, 100, 5, 5), row("preassigned", 3, 1, 4.9, 100, 5, 5));

        // When
        var summary = SweepTable.summarize("exp", rows);
        String table = SweepTable.render(summary);
        String checks = SweepTable.checks(summary, rows);

        // Then
        assertThat(table.lines().toList().get(2)).contains("5.88").endsWith(SweepTable.ABOVE_LIMIT);
        assertThat(SweepTable.LEGEND).contains(SweepTable.ABOVE_LIMIT + ": median speedup more than 5 % above");
        assertThat(checks).startsWith("check: 1 of 2 cells above the real limit limit_t (must be 0): FAIL\n"
                + "check: 0 of 2 runs faster than their own task times allow, max(critical path, work / n) "
                + "(must be 0): PASS\n"
                + "note: 1 of 2 runs above limit_t: they did less real work than the n = 1 run of their seed (tool "
                + "and test time on a less busy machine), so their speedups are inflated by that much\n"
                + "  above limit_t: run r-preassigned-3-1-4.9 (numlib-p09 preassigned n=3 seed 1): speedup 5.88, "
                + "limit_t 3.00\n");
        assertThat(checks).contains("model time on the critical path: not available");
    }

    @Test
    void aRunFasterThanItsOwnTaskTimesFailsAndARunThatDidLessWorkThanItsPairIsNamed() {
        // Given seed 1: n = 1 in 436.0 s of work; n = 2 in 205.6 s, its own work 409.0 s (less tool and test time
        // than its n = 1 pair on a busier machine) so 2.12x, above limit_t 2.00 yet not faster than its own work / n
        // And seed 2: n = 2 in 150.0 s although its own work / n is 210.0 s (a clock or timestamp defect)
        var rows = List.of(sample(1, 1, 436.0, 436.0), sample(2, 1, 205.6, 409.0), sample(1, 2, 430.0, 430.0),
                sample(2, 2, 150.0, 420.0));

        // When
        String checks = SweepTable.checks(SweepTable.summarize("exp", rows), rows);

        // Then only the impossible run fails the check; the other is named with its limit_t
        assertThat(checks).contains("check: 1 of 4 runs faster than their own task times allow, max(critical path, "
                + "work / n) (must be 0): FAIL\n"
                + "  faster than its task times: run r-2-2 (numlib-p09 decentralized n=2 seed 2): makespan 150.0 s, "
                + "bound 210.0 s\n");
        assertThat(checks).contains("note: 2 of 4 runs above limit_t: they did less real work than the n = 1 run of "
                + "their seed");
        assertThat(checks).contains("  above limit_t: run r-2-1 (numlib-p09 decentralized n=2 seed 1): speedup 2.12, "
                + "limit_t 2.00\n");
    }

    /** A completed decentralized run of numlib-p09 with its own work; its chain of task times is 150 s. */
    private static SweepRow sample(int n, long seed, double makespan, double work) {
        double chain = 150.0;
        return new SweepRow(new RunSample("r-" + n + "-" + seed, "numlib-p09", "decentralized", n, "COMPLETED",
                makespan, 20, 2, 0.9, work, Math.max(chain, work / n), 100, 0, 0, 0, 0, 0, null, null, null, null,
                seed, chain), seed, 1, 1, Map.of());
    }

    @Test
    void theTableShowsTheMedianPaperConcurrentWritesAndCrossAgentRewrites() {
        // Given three n = 2 runs with 1, 3 and 8 of the paper's concurrent writes and 4, 6 and 9 cross-agent rewrites
        var rows = List.of(writes(1, 1, 4), writes(2, 3, 6), writes(3, 8, 9));

        // When
        String cell = SweepTable.render(rows).lines().toList().get(1);

        // Then the columns after the tokens (100; no n = 1 run, so no multiplier) and the conflicts are their medians
        assertThat(cell).matches(".*\\s100\\s+-\\s+0\\s+3\\s+6\\s+-\\s+-\\s+-\\s+-\\s*");
    }

    private static SweepRow writes(long seed, long concurrentWrites, long crossAgentRewrites) {
        return new SweepRow(new RunSample("r-" + seed, "numlib-p09", "decentralized", 2, "COMPLETED", 10.0, 20, 2, 0.9,
                null, null, 100, 0, 0, 0, 0, 0, null, null, null, null, seed, null, concurrentWrites,
                crossAgentRewrites), seed, 0, SweepRow.NOT_TESTED, Map.of());
    }

    @Test
    void runsWithLittleModelTimeOnTheirCriticalPathAreNamed() {
        var rows = List.of(
                row("numlib-p09", "queue", 1, 1, 10, 100, 5, 5, 0.97, Map.of()),
                row("numlib-p09", "queue", 2, 1, 6, 100, 5, 5, 0.80, Map.of()),
                row("numlib-p09", "queue", 2, 2, 6, 100, 5, 5, 0.90, Map.of()));

        String checks = SweepTable.checks(SweepTable.summarize("exp", rows), rows);

        assertThat(checks).contains("check: 0 of 2 cells above the real limit");
        assertThat(checks).contains("check: model time >= 85% of the critical path in 2 of 3 runs (median 90%, "
                + "lowest 80%): FAIL\n  below 85%: run r-queue-2-1-6.0 (numlib-p09 queue n=2 seed 1): 80%\n");
        assertThat(SweepTable.render(rows).lines().toList().get(2)).contains(" 85% ");
    }

    @Test
    void aRemoteRunWithoutFinalTestsShowsADash() {
        var remote = row("preassigned", 1, 1, 3.0, 10, SweepRow.NOT_TESTED, SweepRow.NOT_TESTED);

        assertThat(SweepTable.render(List.of(remote)).lines().toList().get(1)).endsWith("  -  ok");
        assertThat(remote.succeeded()).isTrue();
    }

    @Test
    void aRunWithAFailingFinalTestDidNotSucceed() {
        assertThat(row("preassigned", 1, 1, 1, 0, 4, 5).succeeded()).isFalse();
        assertThat(new SweepRow(new RunSample("r", "tiny", "preassigned", 1, "FAILED", 1.0, 5, 3, 0.4, null, null, 0,
                0, 0, 0, 0, 0, null, null, null, null), 1, 5, 5, Map.of()).succeeded()).isFalse();
        assertThat(row("preassigned", 1, 1, 1, 0, 5, 5).succeeded()).isTrue();
    }

    @Test
    void thePlanCoversEveryCellInOrderEachRepetitionWithItsSeed() {
        var plan = new SweepPlan(List.of("a", "b"), List.of("preassigned", "queue"), List.of(1, 2),
                SweepPlan.seeds(7, 2), "simulated-constant", 100);

        assertThat(plan.cells()).hasSize(16);
        assertThat(plan.cells().getFirst()).isEqualTo(new SweepPlan.Cell("a", "preassigned", 1, 0, 7));
        assertThat(plan.cells().get(1)).isEqualTo(new SweepPlan.Cell("a", "preassigned", 1, 1, 8));
        assertThat(plan.largestTeam()).isEqualTo(2);
    }

    @Test
    void aLeadRunNeedsAWorkerForItsLeadBesidesItsTeam() {
        var plan = new SweepPlan(List.of("a"), List.of("preassigned", "lead"), List.of(1, 3), List.of(1L),
                "simulated-constant", 100);

        assertThat(plan.largestTeam()).isEqualTo(4);
    }

    @Test
    void theDefaultSweepRunsEachCellThreeTimesWithSeedsOneToThree() {
        var command = new picocli.CommandLine(new SweepCommand());
        command.parseArgs();
        SweepPlan plan = ((SweepCommand) command.getCommand()).plan();

        assertThat(plan.seeds()).containsExactly(1L, 2L, 3L);
        assertThat(plan.cells()).hasSize(135);

        var quick = new picocli.CommandLine(new SweepCommand());
        quick.parseArgs("--quick");
        assertThat(((SweepCommand) quick.getCommand()).plan().reps()).isEqualTo(1);

        var same = new picocli.CommandLine(new SweepCommand());
        same.parseArgs("--seeds", "5,5");
        assertThat(((SweepCommand) same.getCommand()).plan().seeds()).containsExactly(5L, 5L);
    }
}
