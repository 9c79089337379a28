package io.troupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.troupe.protocol.experiment.RunSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the sweep needs of a run from the services' JSON answers. */
final class RunViews {

    private RunViews() {
    }

    /**
     * The run as a sample of the cell summaries, from the coordinator's run view ({@code run}), the metrics
     * service's run metrics ({@code m}) and its critical path ({@code criticalPath}; may be null).
     */
    static RunSample sample(String runId, SweepPlan.Cell cell, JsonNode run, JsonNode m, JsonNode criticalPath) {
        return new RunSample(runId, cell.suite(), cell.architecture(), cell.agents(), run.path("status").asText(),
                number(m, "makespanSeconds"), integer(m, "taskCount"), integer(m, "criticalPath"),
                number(m, "parallelFraction"), number(m, "workSeconds"), number(m, "makespanLowerBoundSeconds"),
                m.path("inputTokens").asLong(), m.path("outputTokens").asLong(), m.path("writeConflicts").asLong(),
                m.path("overwrites").asLong(), m.path("claimConflicts").asLong(), m.path("blockedClaims").asLong(),
                number(m, "stragglerGapSeconds"), number(m, "estimatedCostUsd"), modelShare(criticalPath), null,
                m.path("seed").isNumber() ? m.path("seed").asLong() : null, number(m, "criticalPathSeconds"),
                m.path("paperConcurrentWrites").asLong(), m.path("crossAgentRewrites").asLong());
    }

    /**
     * The share of the critical path spent in model turns: the breakdown's LLM time over the makespan it
     * splits; null without a breakdown or a makespan.
     */
    static Double modelShare(JsonNode criticalPath) {
        if (criticalPath == null) {
            return null;
        }
        Double makespan = number(criticalPath, "makespanSeconds");
        Double llm = number(criticalPath.path("breakdown"), "llmSeconds");
        return makespan == null || llm == null || makespan <= 0 ? null : llm / makespan;
    }

    /**
     * Who did each task: task id to the place in the run's team of the agent that holds or completed it
     * ({@code agent}, else the preassigned {@code assignee}); -1 for a task of no team member.
     */
    static Map<String, Integer> assignments(JsonNode run) {
        List<String> team = new ArrayList<>();
        run.path("team").forEach(a -> team.add(a.asText()));
        Map<String, Integer> assignments = new LinkedHashMap<>();
        for (JsonNode task : run.path("tasks")) {
            String agent = task.hasNonNull("agent") ? task.get("agent").asText() : task.path("assignee").asText(null);
            assignments.put(task.path("id").asText(), agent == null ? -1 : team.indexOf(agent));
        }
        return assignments;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asInt() : null;
    }
}
