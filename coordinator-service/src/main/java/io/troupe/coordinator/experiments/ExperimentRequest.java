package io.troupe.coordinator.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.troupe.coordinator.runs.RunRequest;
import io.troupe.support.json.RejectUnknownProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sweep: every suite × team size × architecture, {@code repetitions} times, each run with the
 * same model, profile, limits and workspace mode. The seed of repetition r (from 0) is
 * {@code seed + r}; {@code execution} ({@code event-driven} or {@code rounds}) applies to every run.
 * Checked by {@link ExperimentService#create}.
 */
@RejectUnknownProperties
public record ExperimentRequest(@Size(max = MAX_LIST) List<@NotBlank @Size(max = RunRequest.Bounds.ID) String> suites,
                                @Size(max = MAX_LIST)
                                List<@Min(1) @Max(RunRequest.Bounds.MAX_AGENTS) Integer> teamSizes,
                                @Size(max = MAX_LIST)
                                List<@NotBlank @Size(max = RunRequest.Bounds.NAME) String> architectures,
                                @Min(1) @Max(MAX_REPETITIONS) Integer repetitions, JsonNode model,
                                @Size(max = RunRequest.Bounds.NAME) String profile, Long seed,
                                @DecimalMax(RunRequest.Bounds.MAX_TIME_SCALE) Double timeScale,
                                @Size(max = RunRequest.Bounds.NAME) String workspaceMode,
                                @Size(max = RunRequest.Bounds.MAX_AGENTS) List<Map<String, Object>> overrides,
                                @Valid RunRequest.Limits limits,
                                @Size(max = RunRequest.Bounds.NAME) String execution) {

    /** An event-driven sweep. */
    public ExperimentRequest(List<String> suites, List<Integer> teamSizes, List<String> architectures,
                             Integer repetitions, JsonNode model, String profile, Long seed, Double timeScale,
                             String workspaceMode, List<Map<String, Object>> overrides, RunRequest.Limits limits) {
        this(suites, teamSizes, architectures, repetitions, model, profile, seed, timeScale, workspaceMode, overrides,
                limits, null);
    }

    /** The most suites, team sizes or architectures one experiment lists. */
    public static final int MAX_LIST = 32;
    /** The most repetitions of each cell. */
    public static final int MAX_REPETITIONS = 100;
    /** The most runs one experiment plans (suites × team sizes × architectures × repetitions). */
    public static final int MAX_RUNS = 1000;

    /** How many runs the experiment plans (a long: the product of four bounded lists may be large). */
    public long plannedRuns() {
        return (long) size(suites) * size(teamSizes) * size(architectures) * (repetitions == null ? 1 : repetitions);
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

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
                                timeScale, overrides, limits, null, execution)));
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
