package io.troupe.coordinator.api;

import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.experiments.Experiment;
import io.troupe.coordinator.experiments.ExperimentRequest;
import io.troupe.coordinator.experiments.ExperimentService;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment: its sweep as asked, its progress ({@code planned}, {@code started}, and the
 * started runs by status) and every planned run, with its run id and status once started.
 */
public record ExperimentView(String id, String status, String reason, Instant createdAt, Instant finishedAt,
                             ExperimentRequest spec, Map<String, Integer> progress, List<PlannedRunView> runs) {

    /** One planned run; {@code runId} and {@code status} are null until it starts. */
    public record PlannedRunView(int seq, String suite, Integer agents, String architecture, int repetition,
                                 String runId, String status, String reason) {
    }

    static ExperimentView of(ExperimentService.Details details) {
        Experiment e = details.experiment();
        List<PlannedRunView> runs = details.planned().stream().map(p -> {
            Run run = details.runs().get(p.seq());
            return new PlannedRunView(p.seq(), p.suite(), p.agents(), p.architecture(), p.repetition(),
                    run == null ? null : run.id(), run == null ? null : run.status().code(),
                    run == null ? null : run.reason());
        }).toList();
        Map<String, Integer> progress = new LinkedHashMap<>();
        progress.put("planned", details.planned().size());
        progress.put("started", details.runs().size());
        Arrays.stream(RunStatus.values()).forEach(s -> progress.put(s.code(),
                (int) details.runs().values().stream().filter(r -> r.status() == s).count()));
        return new ExperimentView(e.id(), e.status().code(), e.reason(), e.createdAt(), e.finishedAt(), e.spec(),
                progress, runs);
    }
}
