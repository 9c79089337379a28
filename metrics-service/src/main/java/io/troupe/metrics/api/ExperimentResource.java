package io.troupe.metrics.api;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.metrics.experiments.ExperimentSummaries;
import io.troupe.metrics.export.Exports;
import io.troupe.metrics.runs.RunMetricsView;
import io.troupe.protocol.experiment.ExperimentSummary;
import io.troupe.support.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Per-experiment summaries: each cell with median, quartiles and count over its repetitions. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {
    private final Exports exports;

    public ExperimentResource(Exports exports) {
        this.exports = exports;
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/{experiment}/summary")
    public ExperimentSummary summary(@PathParam("experiment") String experiment) {
        List<RunMetricsView> runs = exports.runs(experiment);
        if (runs.isEmpty()) {
            throw new ProblemException(ProblemType.EXPERIMENT_NOT_FOUND, "no run of experiment '" + experiment + "' "
                    + "has been seen;"
                    + " runs name their experiment in POST /api/runs (experimentId)");
        }
        return ExperimentSummaries.of(experiment, runs);
    }
}
