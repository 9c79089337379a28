package io.troupe.cli;

import static io.troupe.cli.SweepRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FidelityBenchTest {
    private static final Map<String, Integer> SPLIT = Map.of("t1", 0, "t2", 1, "t3", 2);

    private static SweepRow run(String arch, int n, long seed, double makespan, Map<String, Integer> assignments) {
        return row("numlib-p09", arch, n, seed, makespan, 100, 5, 5, null, assignments);
    }

    @Test
    void makespansInsideTheSweepWithin5PercentOfAlonePass() {
        // Given alone n = 1 in 100 s and n = 3 in 40 s; in the sweep 104 s and 43 s (+4 % and +7.5 %)
        List<SweepRow> alone = List.of(run("preassigned", 1, 1, 100, Map.of()), run("preassigned", 3, 1, 40, SPLIT));
        List<SweepRow> sweep = List.of(run("preassigned", 1, 1, 104, Map.of()), run("preassigned", 1, 2, 300, Map.of()),
                run("preassigned", 3, 1, 43, SPLIT), run("queue", 3, 1, 10, SPLIT));

        // When
        List<FidelityBench.Ratio> ratios = FidelityBench.ratios(alone, sweep, 1);

        // Then n = 1 passes, n = 3 fails, and the speedup (2.5 alone, 2.419 in the sweep: -3.3 %) passes
        assertThat(ratios).extracting(FidelityBench.Ratio::what)
                .containsExactly("makespan n=1", "makespan n=3", "speedup n=3");
        assertThat(ratios.get(0).ratio()).isCloseTo(1.04, within(1e-9));
        assertThat(ratios.get(0).passes()).isTrue();
        assertThat(ratios.get(1).ratio()).isCloseTo(1.075, within(1e-9));
        assertThat(ratios.get(1).passes()).isFalse();
        assertThat(ratios.get(2).alone()).isCloseTo(2.5, within(1e-9));
        assertThat(ratios.get(2).ratio()).isCloseTo((104.0 / 43) / 2.5, within(1e-9));
        assertThat(ratios.get(2).passes()).isTrue();
        assertThat(FidelityBench.report(ratios, List.of())).contains(
                "  makespan n=1   alone   100.00  in sweep   104.00  ratio 1.040  PASS",
                "  makespan n=3   alone    40.00  in sweep    43.00  ratio 1.075  FAIL",
                "  no cell ran twice: FAIL");
    }

    @Test
    void aRepeatedPreassignedCellPassesWithinTwoPercentAndTheSameAssignments() {
        // Given each architecture's n = 3 twice with seed 1
        List<SweepRow> runs = List.of(
                run("preassigned", 3, 1, 40.0, SPLIT), run("preassigned", 3, 1, 40.7, SPLIT),
                run("queue", 3, 1, 30.0, SPLIT), run("queue", 3, 1, 32.7, Map.of("t1", 1, "t2", 0, "t3", 2)),
                run("decentralized", 3, 1, 30.0, SPLIT), run("decentralized", 3, 1, 33.3, SPLIT),
                run("preassigned", 1, 1, 100, Map.of()));

        // When
        List<FidelityBench.Repeat> repeats = FidelityBench.repeats(runs);

        // Then preassigned differs by 1.75 % (pass), queue by 9 % with two tasks moved (a race: pass),
        // decentralized by 11 % (fail); the n = 1 cell ran once and is not compared
        assertThat(repeats).extracting(FidelityBench.Repeat::architecture)
                .containsExactly("decentralized", "preassigned", "queue");
        assertThat(repeats.get(0).difference()).isCloseTo(0.11, within(1e-9));
        assertThat(repeats.get(0).passes()).isFalse();
        assertThat(repeats.get(1).difference()).isCloseTo(0.0175, within(1e-9));
        assertThat(repeats.get(1).passes()).isTrue();
        assertThat(repeats.get(2).moved()).isEqualTo(2);
        assertThat(repeats.get(2).passes()).isTrue();
        assertThat(FidelityBench.report(List.of(), repeats)).contains(
                "  preassigned   n=3 seed 1:    40.00 s and    40.70 s, difference 1.8%, same assignments  PASS",
                "  queue         n=3 seed 1:    30.00 s and    32.70 s, difference 9.0%, 2 of 3 tasks on another member"
                        + " (a race; not required)  PASS",
                "  no run to compare: FAIL");
        assertThat(FidelityBench.passes(List.of(), repeats)).isFalse();
    }

    @Test
    void aPreassignedCellWhoseTasksMovedFailsEvenWithEqualMakespans() {
        List<SweepRow> runs = List.of(run("preassigned", 3, 1, 40.0, SPLIT),
                run("preassigned", 3, 1, 40.0, Map.of("t1", 0, "t2", 2, "t3", 1)));

        FidelityBench.Repeat repeat = FidelityBench.repeats(runs).getFirst();

        assertThat(repeat.difference()).isZero();
        assertThat(repeat.moved()).isEqualTo(2);
        assertThat(repeat.passes()).isFalse();
        assertThat(FidelityBench.moved(Map.of("a", 0), Map.of("a", 0, "b", 1))).isEqualTo(1);
    }

    @Test
    void benchFidelityIsASubcommandOfTroupe() {
        var out = new java.io.StringWriter();
        var troupe = new picocli.CommandLine(new TroupeCli()).setOut(new java.io.PrintWriter(out));

        int code = troupe.execute("bench", "fidelity", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: troupe bench fidelity").contains("--seed");
    }

    @Test
    void theLoadAverageNamesItsWindows() {
        assertThat(BenchCommand.loadAverage()).matches("[\\d.]+ [\\d.]+ [\\d.]+ \\(1, 5, 15 min; \\d+ cores\\)");
    }
}
