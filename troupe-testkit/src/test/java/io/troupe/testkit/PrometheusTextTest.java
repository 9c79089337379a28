package io.troupe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String EXPOSITION = """
            # HELP troupe_tokens_total Tokens of LLM turns
            # TYPE troupe_tokens_total counter
            troupe_tokens_total{direction="input",model="m"} 1200.0 # {span_id="ab",trace_id="cd"} 1.0 1764090000.123
            troupe_tokens_total{direction="output",model="m"} 300.0
            troupe_tokens_total{direction="input",model="n"} 5.0
            troupe_tokens_total_created{direction="input",model="m"} 1.76409E9
            troupe_runs_active 2.0
            """;

    @Test
    void sumsTheSamplesOfAMeterWithTheLabelAndNotTheirExemplars() {
        assertThat(PrometheusText.sum(EXPOSITION, "troupe_tokens_total", "direction=\"input\"")).isEqualTo(1205.0);
        assertThat(PrometheusText.sum(EXPOSITION, "troupe_tokens_total", "")).isEqualTo(1505.0);
        assertThat(PrometheusText.sum(EXPOSITION, "troupe_runs_active", "")).isEqualTo(2.0);
    }

    @Test
    void aMeterThatIsNotThereSumsToZero() {
        assertThat(PrometheusText.sum(EXPOSITION, "troupe_turns_total", "")).isZero();
        assertThat(PrometheusText.sum(EXPOSITION, "troupe_tokens_total", "direction=\"cached\"")).isZero();
    }
}
