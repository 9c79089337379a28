package io.troupe.protocol.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundsTest {

    @Test
    void theRealLimitOfTheIssuesSuitesIsBelowWhatTheSweepPrinted() {
        // numlib-p09: 20 unit tasks, critical path 2: at n = 3 at most 20 / max(2, 7) = 2.86 (the sweep showed 5.88)
        assertThat(Bounds.speedupLimit(20, 2, 3)).isCloseTo(20.0 / 7, within(1e-9));
        // numlib-p05: critical path 10: never more than 2.0
        assertThat(Bounds.speedupLimit(20, 10, 5)).isEqualTo(2.0);
        // numlib-p02: critical path 16: 1.25 (the sweep showed 3.32)
        assertThat(Bounds.speedupLimit(20, 16, 5)).isEqualTo(1.25);
        assertThat(Bounds.speedupLimit(20, 2, 1)).isEqualTo(1.0);
        assertThat(Bounds.unitMakespanLowerBound(20, 2, 3)).isEqualTo(7);
    }

    @Test
    void amdahlIsThePapersPredictionAndDiffersFromTheLimit() {
        assertThat(Bounds.amdahl(0.9, 3)).isCloseTo(1 / (0.1 + 0.3), within(1e-9));
        assertThat(Bounds.amdahl(0.9, 3)).isLessThan(Bounds.speedupLimit(20, 2, 3));
        assertThat(Bounds.amdahl(0.5, 0)).isEqualTo(1.0);
    }

    @Test
    void aSpeedupIsAboveTheLimitOnlyBeyondFivePercent() {
        assertThat(Bounds.aboveLimit(2.0 * 1.05, 2.0)).isFalse();
        assertThat(Bounds.aboveLimit(2.0 * 1.051, 2.0)).isTrue();
        assertThat(Bounds.aboveLimit(1.9, 2.0)).isFalse();
    }

    @Test
    void theLowerBoundFromTaskTimesIsTheLongerOfTheTimedChainAndTheWorkSharedOut() {
        // Given a -> b (3 s + 4 s), c alone 1 s, d after a 2 s
        Map<String, List<String>> deps = Map.of("a", List.of(), "b", List.of("a"), "c", List.of(),
                "d", List.of("a"));
        Map<String, Double> times = Map.of("a", 3.0, "b", 4.0, "c", 1.0, "d", 2.0);

        // Then the chain a -> b is 7 s, the work 10 s
        assertThat(Bounds.weightedCriticalPath(deps, times)).isEqualTo(7.0);
        assertThat(Bounds.totalWork(times)).isEqualTo(10.0);
        assertThat(Bounds.makespanLowerBound(deps, times, 1)).isEqualTo(10.0);
        assertThat(Bounds.makespanLowerBound(deps, times, 2)).isEqualTo(7.0);
        // And without the graph's edges every task stands alone
        assertThat(Bounds.makespanLowerBound(Map.of(), times, 4)).isEqualTo(4.0);
    }
}
