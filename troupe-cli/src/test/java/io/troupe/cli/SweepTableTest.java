package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTableTest {

    private static SweepRow row(String arch, int n, double makespan, long tokensIn, int passed, int total) {
        return new SweepRow("tiny", arch, n, "r" + n, "COMPLETED", makespan, n == 1 ? 1.0 : 1.25, tokensIn, 100, 0,
                n == 1 ? null : 0.75, passed, total);
    }

    @Test
    void speedupAndTokenMultiplierAreAgainstTheSingleAgentRunsOfTheSameArchitecture() {
        // Given two single-agent repetitions (10 s, 12 s) and one 2-agent run, plus another architecture
        var rows = List.of(row("preassigned", 2, 5.5, 1100, 5, 5), row("preassigned", 1, 10, 900, 5, 5),
                row("preassigned", 1, 12, 900, 5, 5), row("queue", 2, 4.0, 2000, 5, 5));

        // When
        List<String> lines = SweepTable.render(rows).lines().toList();

        // Then n = 2 is 11 / 5.5 = 2.00 times faster at 1200 / 1000 = 1.20 the tokens; queue has no baseline
        assertThat(lines.getFirst()).isEqualTo(SweepTable.HEADER);
        assertThat(lines.get(3)).matches("tiny\\s+preassigned\\s+2\\s+COMPLETED\\s+5\\.50\\s+2\\.00\\s+1\\.25\\s+1100"
                + "\\s+100\\s+1\\.20\\s+0\\s+0\\.75\\s+5/5");
        assertThat(lines.get(4))
                .matches("tiny\\s+queue\\s+2\\s+COMPLETED\\s+4\\.00\\s+-\\s+1\\.25.*\\s+-\\s+0\\s+0\\.75\\s+5/5");
    }

    @Test
    void aRemoteRunWithoutFinalTestsShowsADash() {
        var remote = row("preassigned", 1, 3.0, 10, SweepRow.NOT_TESTED, SweepRow.NOT_TESTED);

        assertThat(SweepTable.render(List.of(remote))).endsWith("  -\n");
        assertThat(remote.succeeded()).isTrue();
    }

    @Test
    void aRunWithAFailingFinalTestDidNotSucceed() {
        assertThat(row("preassigned", 1, 1, 0, 4, 5).succeeded()).isFalse();
        assertThat(new SweepRow("tiny", "preassigned", 1, "r", "FAILED", 1, 1, 0, 0, 0, null, 5, 5).succeeded())
                .isFalse();
        assertThat(row("preassigned", 1, 1, 0, 5, 5).succeeded()).isTrue();
    }

    @Test
    void thePlanCoversEveryCellInOrder() {
        var plan = new SweepPlan(List.of("a", "b"), List.of("preassigned", "queue"), List.of(1, 2), 2,
                "simulated-constant", 100);

        assertThat(plan.cells()).hasSize(16);
        assertThat(plan.cells().getFirst()).isEqualTo(new SweepPlan.Cell("a", "preassigned", 1, 0));
        assertThat(plan.cells().get(1)).isEqualTo(new SweepPlan.Cell("a", "preassigned", 1, 1));
        assertThat(plan.largestTeam()).isEqualTo(2);
    }

    @Test
    void aLeadRunNeedsAWorkerForItsLeadBesidesItsTeam() {
        var plan = new SweepPlan(List.of("a"), List.of("preassigned", "lead"), List.of(1, 3), 1,
                "simulated-constant", 100);

        assertThat(plan.largestTeam()).isEqualTo(4);
    }
}
