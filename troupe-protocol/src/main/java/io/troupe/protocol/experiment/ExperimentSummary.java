package io.troupe.protocol.experiment;

import java.util.List;

/**
 * What an experiment's runs add up to so far: {@code runs} seen, {@code finishedRuns} of them finished,
 * one summary per cell (suite, architecture, team size; in that order) and how many cells are above
 * the task graph's real limit ({@code cellsAboveLimit}, which must be 0).
 */
public record ExperimentSummary(String experimentId, int runs, int finishedRuns, List<CellSummary> cells,
                                int cellsAboveLimit) {
}
