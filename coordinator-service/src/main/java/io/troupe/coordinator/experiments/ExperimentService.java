package io.troupe.coordinator.experiments;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.runs.RunService;
import io.troupe.coordinator.runs.RunSpecs;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Experiments: checks a sweep, stores it, and executes its planned runs in order, at most
 * {@code troupe.experiments.max-concurrent-runs} at a time; an experiment is COMPLETED when every
 * planned run has ended. Progress lives in the database, so a restarted coordinator carries on.
 */
@ApplicationScoped
public class ExperimentService {
    private static final Logger LOG = Logger.getLogger(ExperimentService.class);

    private final ExperimentStore experiments;
    private final RunStore runs;
    private final RunService runService;
    private final RunSpecs specs;
    private final CoordinatorConfig config;
    private ScheduledExecutorService timer;

    public ExperimentService(ExperimentStore experiments, RunStore runs, RunService runService, RunSpecs specs,
                             CoordinatorConfig config) {
        this.experiments = experiments;
        this.runs = runs;
        this.runService = runService;
        this.specs = specs;
        this.config = config;
    }

    /** An experiment with its planned runs and, for those started, the run. */
    public record Details(Experiment experiment, List<ExperimentRequest.PlannedRun> planned, Map<Integer, Run> runs) {
    }

    public Details create(ExperimentRequest request) {
        check(request);
        String id = "exp-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<ExperimentRequest.PlannedRun> planned = request.plan(id);
        planned.forEach(p -> specs.check(p.request()));
        experiments.insert(new Experiment(id, request, Experiment.Status.RUNNING, null, Instant.now(), null));
        LOG.infof("experiment created experimentId=%s runs=%d", id, planned.size());
        advance(id);
        return get(id);
    }

    public Details get(String id) {
        Experiment experiment = experiments.find(id).orElseThrow(() -> new ProblemException(
                ProblemType.EXPERIMENT_NOT_FOUND, "there is no experiment '" + id
                        + "'; GET /api/experiments lists them"));
        Map<Integer, Run> started = new java.util.TreeMap<>();
        experiments.runs(id).forEach((seq, runId) -> runs.find(runId).ifPresent(r -> started.put(seq, r)));
        return new Details(experiment, experiment.spec().plan(id), started);
    }

    /** Every experiment, newest first. */
    public List<Details> all() {
        return experiments.all().stream().map(e -> get(e.id())).toList();
    }

    /**
     * Starts the next planned runs of a RUNNING experiment while fewer than the limit are RUNNING,
     * and completes it once every planned run has ended.
     */
    public synchronized void advance(String id) {
        Details details = get(id);
        if (details.experiment().status() != Experiment.Status.RUNNING) {
            return;
        }
        long running = details.runs().values().stream().filter(r -> r.status() == RunStatus.RUNNING).count();
        List<ExperimentRequest.PlannedRun> waiting = new ArrayList<>(details.planned().stream()
                .filter(p -> !details.runs().containsKey(p.seq())).toList());
        while (running < config.experiments().maxConcurrentRuns() && !waiting.isEmpty()) {
            ExperimentRequest.PlannedRun next = waiting.removeFirst();
            String runId;
            try {
                runId = runService.create(next.request()).run().id();
            } catch (RuntimeException e) {
                String reason = "run " + (next.seq() + 1) + " of " + details.planned().size() + " (" + next.suite()
                        + ", " + next.agents() + " agents, " + next.architecture() + ") could not start: "
                        + e.getMessage();
                experiments.finish(id, Experiment.Status.FAILED, reason, Instant.now());
                LOG.warnf("experiment failed experimentId=%s: %s", id, reason);
                return;
            }
            experiments.addRun(id, next.seq(), runId);
            LOG.infof("experiment run started experimentId=%s seq=%d runId=%s", id, next.seq(), runId);
            running++;
        }
        if (running == 0 && waiting.isEmpty()) {
            experiments.finish(id, Experiment.Status.COMPLETED, "every planned run has ended", Instant.now());
            LOG.infof("experiment completed experimentId=%s", id);
        }
    }

    /**
     * Cancels a RUNNING experiment: its unstarted runs are not started, and its running runs are
     * cancelled. 409 {@code experiment-finished} if it had ended already.
     */
    public synchronized Details cancel(String id, String reason) {
        Details details = get(id);
        String why = reason == null || reason.isBlank() ? "cancelled by request" : "cancelled: " + reason;
        // Ended first, so that no concurrent advance starts another run (advance is synchronized too).
        if (!experiments.finish(id, Experiment.Status.CANCELLED, why, Instant.now())) {
            Experiment e = get(id).experiment();
            throw new ProblemException(ProblemType.EXPERIMENT_FINISHED, "experiment " + id + " is "
                    + e.status().code() + " (" + e.reason() + "), so it cannot be cancelled",
                    Map.of("experimentId", id, "experimentStatus", e.status().code()));
        }
        for (Run run : details.runs().values()) {
            if (run.status() == RunStatus.RUNNING) {
                try {
                    runService.cancel(run.id(), "experiment " + id + " " + why);
                } catch (ProblemException e) {
                    // it ended meanwhile
                    LOG.debugf("run of a cancelled experiment had ended runId=%s: %s", run.id(), e.getMessage());
                }
            }
        }
        LOG.infof("experiment cancelled experimentId=%s runsCancelled=%d", id,
                details.runs().values().stream().filter(r -> r.status() == RunStatus.RUNNING).count());
        return get(id);
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "experiments");
            t.setDaemon(true);
            return t;
        });
        long every = config.experiments().pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::advanceAll, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void advanceAll() {
        for (Experiment e : experiments.running()) {
            try {
                advance(e.id());
            } catch (RuntimeException ex) {
                LOG.warnf(ex, "experiment not advanced experimentId=%s; retrying", e.id());
            }
        }
    }

    private void check(ExperimentRequest request) {
        if (request == null) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the request has no body; send JSON like "
                    + "{\"suites\": [\"tiny\"], "
                    + "\"teamSizes\": [1, 2], \"architectures\": [\"preassigned\", \"queue\"], \"repetitions\": 3}");
        }
        nonEmpty("suites", request.suites());
        nonEmpty("teamSizes", request.teamSizes());
        nonEmpty("architectures", request.architectures());
        if (request.repetitions() != null && request.repetitions() < 1) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'repetitions' must be at least 1, not "
                    + request.repetitions());
        }
        if (request.plannedRuns() > ExperimentRequest.MAX_RUNS) {
            throw new ProblemException(ProblemType.TOO_MANY_RUNS, "the experiment plans "
                    + request.plannedRuns() + " runs (suites × teamSizes × architectures × repetitions), more than "
                    + ExperimentRequest.MAX_RUNS + "; split it into several experiments",
                    Map.of("planned", request.plannedRuns(), "max", ExperimentRequest.MAX_RUNS));
        }
    }

    private static void nonEmpty(String field, List<?> values) {
        if (values == null || values.isEmpty() || values.contains(null)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'" + field + "' must be a non-empty list without "
                    + "nulls");
        }
    }
}
