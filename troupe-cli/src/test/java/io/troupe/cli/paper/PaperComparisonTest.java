package io.troupe.cli.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperComparisonTest {

    private static PaperRun run(String mode, String p, int n, String model, double wall, long tokens, long writes,
                                boolean success) {
        return new PaperRun(mode, "calc", p, n, model, wall, tokens, writes, success);
    }

    @Test
    void aRunIsComparedWithTheSingleAgentRunsOfItsOwnModelAndPooledAcrossModels() {
        // Given two models: one twice as slow as the other alone, both twice as fast with two agents
        List<PaperRun> runs = List.of(
                run(PaperRun.PREASSIGNED, "p09", 1, "fast", 100, 1000, 0, true),
                run(PaperRun.PREASSIGNED, "p09", 1, "fast", 120, 1000, 0, true),
                run(PaperRun.PREASSIGNED, "p09", 1, "slow", 220, 2000, 0, true),
                run(PaperRun.PREASSIGNED, "p09", 2, "fast", 55, 3000, 0, true),
                run(PaperRun.PREASSIGNED, "p09", 2, "slow", 110, 6000, 2, false));

        List<PaperCells.Cell> cells = PaperCells.of(runs);

        // Then the n = 2 cell pools both: each 2x against its own model's median n = 1 time (110 and 220 s)
        PaperCells.Cell two = cells.stream().filter(c -> c.n() == 2).findFirst().orElseThrow();
        assertThat(two.runs()).isEqualTo(2);
        assertThat(two.speedup().median()).isEqualTo(2.0);
        assertThat(two.tokenMultiplier().median()).isEqualTo(3.0);
        assertThat(two.concurrentWrites().mean()).isEqualTo(1.0);
        assertThat(two.successRate()).isEqualTo(0.5);
        // and the n = 1 cell is 1 by construction at its median
        assertThat(cells.getFirst().n()).isEqualTo(1);
    }

    @Test
    void aRunWithoutASingleAgentRunOfItsGroupIsLeftOut() {
        List<PaperRun> runs = List.of(
                run(PaperRun.DECENTRALIZED, "p05", 1, "a", 100, 1000, 0, true),
                run(PaperRun.DECENTRALIZED, "p05", 3, "b", 50, 1000, 0, true));

        assertThat(PaperCells.of(runs)).singleElement().satisfies(c -> assertThat(c.n()).isEqualTo(1));
    }

    @Test
    void metricsAreInTheirBandsOrNot() {
        // Given a paper cell: speedup 2.0, token multiplier 2.0, 10 concurrent writes, success 0.9
        List<PaperCells.Cell> paper = PaperCells.of(cellRuns(PaperRun.DECENTRALIZED, 100, 50, 1000, 2000, 10, 0.9));
        // and Troupe's: speedup 2.4 (+20 %, in), token multiplier 2.7 (+35 %, out), 6 writes (-40 %, in), success 0.7
        List<PaperCells.Cell> troupe = PaperCells.of(cellRuns(PaperRun.DECENTRALIZED, 120, 50, 1000, 2700, 6, 0.7));

        PaperComparison.Result result = PaperComparison.compare(paper, troupe);

        PaperComparison.Row two = result.rows().stream().filter(r -> r.key().n() == 2).findFirst().orElseThrow();
        assertThat(two.metrics()).extracting(PaperComparison.Metric::name, PaperComparison.Metric::inBand)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("speedup", true),
                        org.assertj.core.groups.Tuple.tuple("token multiplier", false),
                        org.assertj.core.groups.Tuple.tuple("concurrent writes", true),
                        org.assertj.core.groups.Tuple.tuple("success", false));
        assertThat(two.agrees()).isFalse();
        assertThat(result.passes()).isFalse();
        assertThat(PaperComparison.render(result)).contains("cells agreeing on every metric: 1 of 2")
                .contains("paper comparison: FAIL");
    }

    /** Ten n = 1 runs and ten n = 2 runs of one model; {@code rate} of the n = 2 runs succeed. */
    private static List<PaperRun> cellRuns(String mode, double wall1, double wall2, long tokens1, long tokens2,
                                           long writes2, double rate) {
        List<PaperRun> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(run(mode, "p09", 1, "m", wall1, tokens1, 0, true));
            runs.add(run(mode, "p09", 2, "m", wall2, tokens2, writes2, i < Math.round(rate * 10)));
        }
        return runs;
    }

    @Test
    void theFindingsReadTheCellsAsThePaperDoes() {
        // preassigned p = 0.9: 1.8 at every n >= 2 is below Amdahl's 1.82 ... 3.57
        List<PaperRun> below = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            below.add(run(PaperRun.PREASSIGNED, "p09", n, "m", n == 1 ? 180 : 100, 1000, 0, true));
        }
        assertThat(PaperComparison.preassignedBelowAmdahl(PaperCells.of(below))).isTrue();
        List<PaperRun> fast = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            fast.add(run(PaperRun.PREASSIGNED, "p09", n, "m", 100.0 / n, 1000, 0, true));
        }
        // n agents exactly n times as fast beat Amdahl's 1 / (0.1 + 0.9 / n) at every n >= 2
        assertThat(PaperComparison.preassignedBelowAmdahl(PaperCells.of(fast))).isFalse();

        // decentralized slower than one agent at n >= 3, conflicts far above preassigned, success falling
        List<PaperRun> paperLike = new ArrayList<>();
        for (String p : List.of("p09", "p02")) {
            for (int n = 1; n <= 5; n++) {
                paperLike.add(run(PaperRun.DECENTRALIZED, p, n, "m", n >= 3 ? 120 : 100, 1000L * n, n >= 2 ? 20 : 0,
                        n < 5 || p.equals("p09")));
                paperLike.add(run(PaperRun.DECENTRALIZED, p, n, "m", n >= 3 ? 120 : 100, 1000L * n, n >= 2 ? 20 : 0,
                        n == 1 || p.equals("p09") && n < 5));
                paperLike.add(run(PaperRun.PREASSIGNED, p, n, "m", 100.0 / Math.min(n, 2), 1000L * n, 0, true));
            }
        }
        List<PaperCells.Cell> cells = PaperCells.of(paperLike);
        assertThat(PaperComparison.decentralizedSlowerThanOne(cells)).isTrue();
        assertThat(PaperComparison.decentralizedConflictsMore(cells)).isTrue();
        assertThat(PaperComparison.tokensRiseWithN(cells)).isTrue();
        assertThat(PaperComparison.decentralizedSuccessFalls(cells)).isTrue();
        // a team that always succeeds does not show the fall
        List<PaperRun> alwaysRight = paperLike.stream().map(r -> new PaperRun(r.mode(), r.project(), r.p(), r.n(),
                r.model(), r.wallSeconds(), r.tokens(), r.concurrentWrites(), true)).toList();
        assertThat(PaperComparison.decentralizedSuccessFalls(PaperCells.of(alwaysRight))).isFalse();
        // nor do tokens that stay flat rise
        List<PaperRun> flat = paperLike.stream().map(r -> new PaperRun(r.mode(), r.project(), r.p(), r.n(),
                r.model(), r.wallSeconds(), 1000, r.concurrentWrites(), r.success())).toList();
        assertThat(PaperComparison.tokensRiseWithN(PaperCells.of(flat))).isFalse();
    }

    @Test
    void aSweptRunMapsToThePaperOnlyForModesAndLevelsThePaperLogged() {
        List<PaperRun> runs = PaperComparison.fromSweep(List.of(
                new PaperComparison.SweptRun("claude-sonnet-4-6", "numlib-p09", "preassigned", 2, 100.0, 10, 0, true),
                new PaperComparison.SweptRun("claude-sonnet-4-6", "numlib-p09", "queue", 2, 100.0, 10, 0, true),
                new PaperComparison.SweptRun("claude-sonnet-4-6", "tiny", "decentralized", 2, 100.0, 10, 0, true),
                new PaperComparison.SweptRun("claude-sonnet-4-6", "numlib-p02", "decentralized", 2, null, 10, 0,
                        false)));

        assertThat(runs).singleElement().isEqualTo(new PaperRun(PaperRun.PREASSIGNED, "numlib", "p09", 2,
                "claude-sonnet-4-6", 100.0, 10, 0, true));
    }
}
