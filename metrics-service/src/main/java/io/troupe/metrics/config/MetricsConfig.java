package io.troupe.metrics.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/** The metrics service's settings. */
@ConfigMapping(prefix = "troupe")
public interface MetricsConfig {

    /** Settings of the metrics computed from the event topics. */
    Metrics metrics();

    interface Metrics {
        /**
         * Price per million tokens of each model, keyed by the model name that {@code TurnCompleted}
         * carries (quote names with dots: {@code troupe.metrics.prices."gpt-5.2".input-per-mtok}).
         * The defaults in application.properties are list prices in US dollars, to be checked
         * against the providers' current price pages. Models named {@code simulated-*} cost nothing.
         */
        Map<String, Price> prices();

        /**
         * Base URL of a Jaeger UI and query API (e.g. {@code http://localhost:16686}): run pages link
         * to a run's trace there, and the service can fetch a trace from it. Unset: no links.
         */
        Optional<String> jaegerUrl();
    }

    interface Price {
        /** US dollars per million input tokens. */
        double inputPerMtok();

        /** US dollars per million output tokens. */
        double outputPerMtok();
    }
}
