package io.troupe.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyFitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode models() throws Exception {
        try (InputStream in = LatencyProfiles.class.getClassLoader().getResourceAsStream(LatencyProfiles.RESOURCE)) {
            return JSON.readTree(in).path("models");
        }
    }

    @Test
    void theCommittedLatencyModelsAreWhatTheQueryGivesOnThePapersLogs() throws Exception {
        // Given the fit of the paper's logs (shared/reference; missing logs fail this test)
        Map<String, JsonNode> fitted = new TreeMap<>();
        for (var e : LatencyFit.fit().entrySet()) {
            fitted.put(e.getKey(), JSON.readTree(e.getValue().toString()));
        }

        // When the committed blocks are read
        Map<String, JsonNode> committed = new TreeMap<>();
        models().fields().forEachRemaining(m -> committed.put(m.getKey(), m.getValue().path("latency_model")));

        // Then they are the same (rerun LatencyFit's main to update them), and the fit is the paper's
        assertThat(committed).isEqualTo(fitted);
        assertThat(committed.get("claude-sonnet-4-6").path("base_seconds").asDouble()).isCloseTo(5.0, within(0.05));
        assertThat(committed.get("claude-sonnet-4-6").path("per_file_seconds").asDouble()).isCloseTo(2.0, within(0.05));
        assertThat(committed.get("gpt-5.2").path("base_seconds").asDouble()).isCloseTo(2.2, within(0.05));
        assertThat(committed.get("gpt-5.2").path("per_file_seconds").asDouble()).isCloseTo(2.3, within(0.05));
        assertThat(committed.get("gemini-3-flash").path("base_seconds").asDouble()).isCloseTo(4.6, within(0.05));
        assertThat(committed.get("gemini-3-flash").path("per_file_seconds").asDouble()).isCloseTo(0.9, within(0.05));
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-6", "gemini-3-flash", "gpt-5.2"})
    void seededDrawsMatchTheFittedQuantiles(String model) throws Exception {
        // Given the model's fitted latency model, by its bare name
        JsonNode fit = models().path(model).path("latency_model");
        double base = fit.path("base_seconds").asDouble();
        double perFile = fit.path("per_file_seconds").asDouble();
        double fastest = fit.path("fastest_seconds").asDouble();
        LatencyProfile profile = LatencyProfiles.load().forName(model, 0);
        assertThat(profile).isInstanceOf(LatencyProfile.PerFile.class);

        for (int files : new int[] {0, 1, 4}) {
            // When 100,000 turns writing that many files are drawn from a seeded stream
            SplittableRandom random = new SplittableRandom(42 + files);
            double[] draws = new double[100_000];
            for (int i = 0; i < draws.length; i++) {
                draws[i] = profile.sampleMillis(random, files);
            }

            // Then at each fitted residual quantile p, shifted by the turn's base and files, lie p of the draws
            // (within 0.005; 100,000 draws give a standard error below 0.001)
            for (String q : new String[] {"p05", "p10", "p25", "p50", "p75", "p90", "p95", "p99"}) {
                double p = Integer.parseInt(q.substring(1)) / 100.0;
                double quantile = 1000 * (base + perFile * files + fit.path("residual_quantiles").path(q).asDouble());
                if (quantile <= 1000 * fastest) {
                    continue; // below the floor, where every such draw is the fastest logged reply
                }
                double below = (double) Arrays.stream(draws).filter(d -> d <= quantile).count() / draws.length;
                assertThat(below).as("%s, %d files, %s", model, files, q).isCloseTo(p, within(0.005));
            }
            // And no turn is faster than the fastest logged reply
            assertThat(draws[0]).isGreaterThanOrEqualTo(1000 * fastest);
        }
    }

    @Test
    void eachFileWrittenAddsThePerFileCostToTheSameDraw() {
        // Given a latency model of 1 s + 2 s per file with residuals from -0.5 s to +0.5 s (-1 s to +1 s at the
        // ends), no floor
        var profile = new LatencyProfile.PerFile(1, 2, 0, new double[] {0.25, 0.75}, new double[] {-0.5, 0.5});

        // When the same uniform is drawn for 0 and for 3 files
        double none = profile.sampleMillis(new SplittableRandom(5), 0);
        double three = profile.sampleMillis(new SplittableRandom(5), 3);

        // Then the difference is three files' cost, and the quantile function passes through the residuals
        assertThat(three - none).isCloseTo(6000, within(1e-6));
        assertThat(profile.quantileMillis(0.25, 1)).isCloseTo(2500, within(1e-6));
        assertThat(profile.quantileMillis(0.5, 0)).isCloseTo(1000, within(1e-6));
        // And a profile with a floor never draws below it
        assertThat(new LatencyProfile.PerFile(1, 2, 0.3, new double[] {0.25, 0.75}, new double[] {-0.5, 0.5})
                .quantileMillis(0.0001, 0)).isEqualTo(300);
    }
}
