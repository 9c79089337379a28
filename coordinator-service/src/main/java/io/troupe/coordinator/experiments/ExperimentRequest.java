package io.troupe.coordinator.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.troupe.coordinator.runs.RunRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sweep: every suite × team size × architecture, {@code repetitions} times, each run with the
 * same model, profile, limits and workspace mode. The seed of repetition r (from 0) is
 * {@code seed + r}. Checked by {@link ExperimentService#create}.
 */
public record ExperimentRequest(List<String> suites, List<Integer> teamSizes, List<String> architectures,
                                Integer repetitions, JsonNode model, String profile, Long seed, Double timeScale,
                                String workspaceMode, List<Map<String, Object>> overrides, RunRequest.Limits limits) {

    /** The planned runs in execution order: suites outermost, repetitions innermost. */
    public List<PlannedRun> plan(String experimentId) {
        List<PlannedRun> runs = new ArrayList<>();
        int reps = repetitions == null ? 1 : repetitions;
        for (String suite : suites) {
            for (Integer n : teamSizes) {
                for (String architecture : architectures) {
                    for (int r = 0; r < reps; r++) {
                        Long runSeed = seed == null ? null : seed + r;
                        runs.add(new PlannedRun(runs.size(), suite, n, architecture, r, new RunRequest(suite,
                                architecture, null, n, model, experimentId, workspaceMode, profile, runSeed,
                                timeScale, overrides, limits)));
                    }
                }
            }
        }
        return runs;
    }

    /** The {@code seq}-th run of an experiment. */
    public record PlannedRun(int seq, String suite, Integer agents, String architecture, int repetition,
                             RunRequest request) {
    }
}
