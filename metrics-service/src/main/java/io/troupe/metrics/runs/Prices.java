package io.troupe.metrics.runs;

import io.troupe.metrics.config.MetricsConfig;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Per-model token prices in US dollars per million tokens. Models whose name starts with
 * {@code simulated} are free; other models without a price make a run's cost unknown.
 */
public record Prices(Map<String, Price> byModel) {
    private static final String SIMULATED = "simulated";

    public record Price(double inputPerMtok, double outputPerMtok) {
    }

    public static Prices of(MetricsConfig.Metrics config) {
        return new Prices(config.prices().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> new Price(e.getValue().inputPerMtok(), e.getValue().outputPerMtok()))));
    }

    public static Prices none() {
        return new Prices(Map.of());
    }

    /** The cost of {@code input} and {@code output} tokens of {@code model}; null if it has no price. */
    public Double cost(String model, long input, long output) {
        if (model != null && model.startsWith(SIMULATED)) {
            return 0.0;
        }
        Price price = model == null ? null : byModel.get(model);
        if (price == null) {
            return null;
        }
        return (input * price.inputPerMtok() + output * price.outputPerMtok()) / 1_000_000.0;
    }
}
