package io.troupe.metrics.experiments;

import io.troupe.metrics.runs.RunMetricsView;
import io.troupe.protocol.experiment.CellSummaries;
import io.troupe.protocol.experiment.ExperimentSummary;
import java.util.List;

/**
 * An experiment's summary from the runs this service has seen: the computation is {@code troupe-protocol}'s
 * {@link CellSummaries}, the one the CLI prints too.
 */
public final class ExperimentSummaries {

    private ExperimentSummaries() {
    }

    public static ExperimentSummary of(String experimentId, List<RunMetricsView> runs) {
        return CellSummaries.of(experimentId, runs.stream().map(RunMetricsView::sample).toList());
    }
}
