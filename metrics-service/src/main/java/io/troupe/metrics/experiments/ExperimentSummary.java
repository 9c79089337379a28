package io.troupe.metrics.experiments;

import java.util.List;

/** What an experiment's runs add up to so far. */
public record ExperimentSummary(String experimentId, int runs, int finishedRuns, List<CellSummary> cells) {
}
