package io.troupe.metrics.export;

import io.troupe.metrics.log.LoggedEvent;
import io.troupe.metrics.runs.RunMetricsView;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimBlocked;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps Troupe's runs and events onto the paper's {@code runs}/{@code events} schema. The paper's
 * "mode" is Troupe's architecture, its "task type" the suite's domain (the suite id without its
 * {@code -pNN} suffix), its "round" count the most LLM replies any one agent made.
 */
public final class PaperSchema {
    private PaperSchema() {
    }

    /** The run_dir of each run: {@code runs/troupe/<experiment>/<pNN>/n<n>_rep<r>_<run id>}. */
    public static Map<String, String> runDirs(List<RunMetricsView> runs) {
        Map<String, String> dirs = new HashMap<>();
        Map<String, List<RunMetricsView>> byCell = runs.stream().collect(Collectors.groupingBy(
                r -> String.join("/", expDir(r), String.valueOf(r.suite()), String.valueOf(r.architecture()),
                        String.valueOf(r.agents()))));
        byCell.values().forEach(cell -> {
            List<RunMetricsView> ordered = cell.stream()
                    .sorted(Comparator.comparing(RunMetricsView::startedAt,
                                    Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(RunMetricsView::runId))
                    .toList();
            for (int rep = 0; rep < ordered.size(); rep++) {
                RunMetricsView r = ordered.get(rep);
                dirs.put(r.runId(), "runs/troupe/" + expDir(r) + "/" + pLabel(r.parallelFraction()) + "/n"
                        + r.agents() + "_rep" + rep + "_" + r.runId());
            }
        });
        return dirs;
    }

    public static PaperRun run(RunMetricsView r, String runDir, List<LoggedEvent> events) {
        String model = events.stream().map(LoggedEvent::event).filter(RunStarted.class::isInstance)
                .map(e -> ((RunStarted) e).model()).findFirst().orElse(null);
        long rounds = events.stream().map(LoggedEvent::event).filter(TurnCompleted.class::isInstance)
                .collect(Collectors.groupingBy(e -> ((TurnCompleted) e).agentId(), Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElse(0);
        String rep = runDir.replaceAll(".*_rep(\\d+)_.*", "$1");
        return new PaperRun(runDir, model, expDir(r), r.architecture(), taskType(r.suite()),
                pLabel(r.parallelFraction()), r.parallelFraction() == null ? Double.NaN : r.parallelFraction(),
                r.agents() == null ? 0 : r.agents(), Long.parseLong(rep), "COMPLETED".equals(r.status()),
                r.makespanSeconds(), rounds, r.concurrentWrites(), r.blockedClaims(), r.inputTokens(),
                r.outputTokens());
    }

    /** The paper's row for {@code event}, if its vocabulary has one. */
    public static Optional<PaperEvent> event(String runDir, TroupeEvent event) {
        double ts = event.at().toEpochMilli() / 1000.0;
        Function<String, PaperEvent> bare = type -> new PaperEvent(type, ts, runDir, null, null, null, null);
        // The paper's logs have a fixed vocabulary; Troupe's other events have no counterpart there.
        return Optional.ofNullable(switch (event) {
            case RunStarted ignored -> bare.apply("run_start");
            case RunFinished ignored -> bare.apply("run_end");
            case TurnCompleted t -> new PaperEvent("agent_reply", ts, runDir, t.agentId(), null, null,
                    t.latencyMillis() / 1000.0);
            case FileWritten f -> new PaperEvent("edit_file", ts, runDir, f.agentId(), f.path(), null, null);
            case TestRunCompleted t -> new PaperEvent("run_tests", ts, runDir, t.agentId(), null,
                    (double) t.exitCode(), t.durationMillis() / 1000.0);
            case TaskClaimed c -> new PaperEvent("claim_task", ts, runDir, c.agentId(), null, null, null);
            case TaskClaimBlocked b -> new PaperEvent("claim_blocked", ts, runDir, b.agentId(), null, null, null);
            case TaskDone d -> new PaperEvent("complete_task", ts, runDir, d.agentId(), null, null, null);
            default -> null;
        });
    }

    static String expDir(RunMetricsView r) {
        return r.experimentId() == null ? "adhoc" : r.experimentId();
    }

    /** {@code p09} for p = 0.9, as the paper labels its conditions. */
    static String pLabel(Double p) {
        return p == null ? "p??" : String.format(Locale.ROOT, "p%02d", Math.round(p * 10));
    }

    static String taskType(String suite) {
        return suite == null ? null : suite.replaceFirst("-p\\d+$", "");
    }
}
