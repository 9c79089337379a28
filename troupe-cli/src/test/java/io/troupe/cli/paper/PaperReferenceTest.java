package io.troupe.cli.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paper's own figures, from its logs in {@code ../shared/reference} (CI checks them out beside the clone;
 * a missing folder fails this test, it is never skipped): the definitions of {@link PaperCells} reproduce the
 * pooled medians the issue quotes, and every finding {@link PaperComparison} checks holds for the paper.
 */
class PaperReferenceTest {
    private static List<PaperCells.Cell> cells;

    @BeforeAll
    static void read() {
        List<PaperRun> runs = PaperReference.runs(PaperReference.folder(null));
        assertThat(runs).hasSize(1413);
        cells = PaperCells.of(runs);
    }

    private static PaperCells.Cell cell(String mode, String p, int n) {
        return cells.stream().filter(c -> c.mode().equals(mode) && c.p().equals(p) && c.n() == n).findFirst()
                .orElseThrow();
    }

    @Test
    void thePooledMediansAreThePapers() {
        assertThat(cell(PaperRun.PREASSIGNED, "p09", 5).speedup().median()).isCloseTo(1.86, within(0.01));
        assertThat(cell(PaperRun.DECENTRALIZED, "p09", 5).speedup().median()).isCloseTo(0.80, within(0.01));
        assertThat(cell(PaperRun.DECENTRALIZED, "p05", 5).speedup().median()).isCloseTo(0.66, within(0.01));
        assertThat(cell(PaperRun.DECENTRALIZED, "p02", 5).speedup().median()).isCloseTo(0.55, within(0.01));
        assertThat(cell(PaperRun.PREASSIGNED, "p09", 5).tokenMultiplier().median()).isCloseTo(2.72, within(0.01));
        assertThat(cell(PaperRun.DECENTRALIZED, "p09", 5).tokenMultiplier().median()).isCloseTo(4.85, within(0.01));
        assertThat(cell(PaperRun.DECENTRALIZED, "p02", 5).successRate()).isCloseTo(0.57, within(0.01));
        assertThat(cells).hasSize(30);
    }

    @Test
    void everyFindingHoldsForThePaper() {
        PaperComparison.Result self = PaperComparison.compare(cells, cells);

        assertThat(self.findings()).allSatisfy(f -> assertThat(f.paper()).as(f.name()).isTrue());
        // compared with itself, every cell agrees
        assertThat(self.agreeing()).isEqualTo(30);
        assertThat(self.passes()).isTrue();
    }
}
