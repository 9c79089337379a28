package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTableTest {

    @Test
    void speedupIsTheRatioOfMakespansToTheSingleAgentRun() {
        var one = new SweepRow(1, "r1", "COMPLETED", 10.0, 1.0, 1000, 100, 0, 5, 5);
        var two = new SweepRow(2, "r2", "COMPLETED", 6.25, 1.25, 1100, 110, 1, 5, 5);

        String table = SweepTable.render(List.of(two, one));

        assertThat(table.lines().toList()).containsExactly(SweepTable.HEADER,
                "  1  COMPLETED       10.00     1.00    1.00       1000         100          0          5/5",
                "  2  COMPLETED        6.25     1.60    1.25       1100         110          1          5/5");
    }

    @Test
    void aRemoteRunWithoutFinalTestsShowsADash() {
        var remote = new SweepRow(1, "r1", "COMPLETED", 3.0, 1.0, 10, 1, 0, SweepRow.NOT_TESTED, SweepRow.NOT_TESTED);

        assertThat(SweepTable.render(List.of(remote))).endsWith("  -\n");
        assertThat(remote.succeeded()).isTrue();
    }

    @Test
    void aRunWithAFailingFinalTestDidNotSucceed() {
        assertThat(new SweepRow(1, "r", "COMPLETED", 1, 1, 0, 0, 0, 4, 5).succeeded()).isFalse();
        assertThat(new SweepRow(1, "r", "FAILED", 1, 1, 0, 0, 0, 5, 5).succeeded()).isFalse();
        assertThat(new SweepRow(1, "r", "COMPLETED", 1, 1, 0, 0, 0, 5, 5).succeeded()).isTrue();
    }
}
