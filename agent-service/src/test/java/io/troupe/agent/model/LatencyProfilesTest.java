package io.troupe.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyProfilesTest {
    private static final double[] PS = {0.05, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};
    private static final String[] KEYS = {"p05", "p25", "p50", "p75", "p90", "p95", "p99"};
    private static final LatencyProfiles PROFILES = LatencyProfiles.load();

    private static JsonNode calibration() throws Exception {
        try (InputStream in = LatencyProfiles.class.getClassLoader().getResourceAsStream(LatencyProfiles.RESOURCE)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[] draws(LatencyProfile profile, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] draws = new double[10_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = profile.sampleMillis(random);
        }
        Arrays.sort(draws);
        return draws;
    }

    private static double quantile(double[] sorted, double p) {
        return sorted[(int) Math.round(p * (sorted.length - 1))];
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-6", "gemini-3-flash", "gpt-5.2"})
    void empiricalDrawsMatchTheMeasuredQuantilesWithinFivePercent(String model) throws Exception {
        // Given the measured quantiles
        JsonNode measured = calibration().path("models").path(model).path("latency_quantiles");

        // When 10,000 turns are drawn
        double[] draws = draws(PROFILES.forName(model + "/empirical", 0), 7);

        // Then
        for (int i = 0; i < PS.length; i++) {
            assertThat(quantile(draws, PS[i])).as("%s %s", model, KEYS[i])
                    .isCloseTo(1000 * measured.path(KEYS[i]).asDouble(), Percentage.withPercentage(5));
        }
        assertThat(draws[0]).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-6", "gemini-3-flash", "gpt-5.2"})
    void lognormalDrawsMatchTheFittedDistributionWithinFivePercent(String model) throws Exception {
        // Given
        JsonNode fit = calibration().path("models").path(model).path("latency_lognormal");
        double mu = fit.path("mu").asDouble();
        double sigma = fit.path("sigma").asDouble();

        // When
        double[] draws = draws(PROFILES.forName(model + "/lognormal", 0), 11);

        // Then: quantiles from the 10th to the 90th percentile, where 10,000 draws pin them down
        for (double p : new double[] {0.10, 0.25, 0.50, 0.75, 0.90}) {
            double expected = 1000 * Math.exp(mu + sigma * LatencyProfile.Normal.inverse(p));
            assertThat(quantile(draws, p)).as("%s p%s", model, p).isCloseTo(expected, Percentage.withPercentage(5));
        }
    }

    @Test
    void normalQuantilesAreRight() {
        assertThat(LatencyProfile.Normal.inverse(0.5)).isCloseTo(0, within(1e-9));
        assertThat(LatencyProfile.Normal.inverse(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(LatencyProfile.Normal.inverse(0.01)).isCloseTo(-2.326348, within(1e-6));
    }

    @Test
    void empiricalQuantileFunctionPassesThroughTheMeasuredPointsAndStaysBoundedBeyond() {
        // Given
        LatencyProfile claude = PROFILES.forName("claude-sonnet-4-6/empirical", 0);

        // Then
        assertThat(claude.quantileMillis(0.50)).isCloseTo(3490, within(1e-6));
        assertThat(claude.quantileMillis(0.99)).isCloseTo(48_330, within(1e-6));
        assertThat(claude.quantileMillis(0.9999)).isBetween(48_330.0, 60_000.0);
        assertThat(claude.quantileMillis(0.0001)).isBetween(500.0, 1020.0);
    }

    @Test
    void constantProfileUsesTheRunsLatency() {
        assertThat(PROFILES.forName("simulated-constant", 250).sampleMillis(new SplittableRandom(1))).isEqualTo(250);
        assertThat(PROFILES.forName(null, 40)).isEqualTo(new LatencyProfile.Constant(40));
    }

    @Test
    void unknownSimulatedModelNamesTheKnownOnes() {
        assertThatThrownBy(() -> PROFILES.forName("gpt-9", 0))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("gpt-9")
                .hasMessageContaining("gpt-5.2/lognormal")
                .hasMessageContaining("claude-sonnet-4-6");
    }

    @Test
    void shippedProfilesNameTheirSource() throws Exception {
        JsonNode root = calibration();
        assertThat(root.path("about").asText()).contains("arXiv 2603.12229");
        assertThat(root.path("source").asText()).contains("shared/calibration/llm-turn-profiles.json");
        assertThat(PROFILES.names()).containsAll(List.of("claude-sonnet-4-6", "gemini-3-flash", "gpt-5.2"));
    }
}
