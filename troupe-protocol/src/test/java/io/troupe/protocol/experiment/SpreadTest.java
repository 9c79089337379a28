package io.troupe.protocol.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void threeRepetitionsHaveTheMiddleAsMedianAndMidpointsAsQuartiles() {
        Spread s = Spread.of(List.of(12.0, 10.0, 20.0));

        assertThat(s.count()).isEqualTo(3);
        assertThat(s.median()).isEqualTo(12.0);
        assertThat(s.q1()).isEqualTo(11.0);
        assertThat(s.q3()).isEqualTo(16.0);
        assertThat(s.iqr()).isEqualTo(5.0);
        assertThat(s.min()).isEqualTo(10.0);
        assertThat(s.max()).isEqualTo(20.0);
        assertThat(s.mean()).isEqualTo(14.0);
    }

    @Test
    void quartilesInterpolateBetweenTheSortedValues() {
        Spread s = Spread.of(List.of(4.0, 1.0, 3.0, 2.0));

        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.q1()).isEqualTo(1.75);
        assertThat(s.q3()).isEqualTo(3.25);
    }

    @Test
    void oneValueHasNoSpreadAndNoneHasNoSummary() {
        assertThat(Spread.of(List.of(5.0)).iqr()).isZero();
        assertThat(Spread.of(List.of())).isNull();
        assertThat(Spread.median(List.of())).isNull();
    }
}
