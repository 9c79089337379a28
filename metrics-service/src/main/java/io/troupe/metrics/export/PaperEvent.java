package io.troupe.metrics.export;

/**
 * One row of the paper's {@code events} table. {@code ts} is epoch seconds; {@code seconds} a
 * duration (an LLM reply's latency, a test run's time); nulls where the paper has them too.
 */
public record PaperEvent(String type, double ts, String runDir, String agent, String path, Double returncode,
                         Double seconds) {
}
