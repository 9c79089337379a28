package io.troupe.cli;

import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.suite.Bounds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of {@code troupe bench throughput}, apart from any I/O: rates, percentiles, the hand-off
 * latency of each task (READY to its agent's first model turn) and a run's makespan over the lower bound that
 * its model time alone allows.
 */
final class ThroughputBench {
    private ThroughputBench() {
    }

    /** {@code count} over {@code wall} in seconds; 0 for no time. */
    static double perSecond(long count, Duration wall) {
        return wall.isZero() || wall.isNegative() ? 0 : count * 1e9 / wall.toNanos();
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code p} (0 to 1) of all values at or below
     * it; NaN for no values.
     */
    static double percentile(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** {@code a / b}; NaN when either is missing or {@code b} is not positive. */
    static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b <= 0 ? Double.NaN : a / b;
    }

    /** What one run's events say about its tasks. */
    record RunTimes(Map<String, Instant> ready, Map<String, Instant> firstTurn, Map<String, Double> modelSeconds,
                    Map<String, List<String>> dependencies) {

        /**
         * Each task's hand-off in milliseconds: from its first {@code TaskReady} to the first model turn any agent
         * started on it ({@code TurnStarted}); a task missing either is left out.
         */
        List<Double> handOffMillis() {
            List<Double> millis = new ArrayList<>();
            ready.forEach((task, at) -> {
                Instant turn = firstTurn.get(task);
                if (turn != null) {
                    millis.add(Duration.between(at, turn).toNanos() / 1e6);
                }
            });
            return millis;
        }

        /**
         * The shortest makespan the run's model time allows on {@code n} agents, in seconds: max(the longest chain
         * of its tasks' model time, all its model time / n) ({@link Bounds#makespanLowerBound}); a platform that
         * cost nothing would reach it.
         */
        double modelTimeLowerBound(int n) {
            return Bounds.makespanLowerBound(dependencies, modelSeconds, n);
        }
    }

    /**
     * Folds a run's events: each task's first {@code TaskReady}, its first {@code TurnStarted}, the sum of its
     * {@code TurnCompleted} latencies (the model time; a lead's turns, for no task, are left out) and the task
     * graph from {@code RunStarted}.
     */
    static RunTimes fold(List<TroupeEvent> events) {
        Map<String, Instant> ready = new HashMap<>();
        Map<String, Instant> firstTurn = new HashMap<>();
        Map<String, Double> model = new HashMap<>();
        Map<String, List<String>> dependencies = new HashMap<>();
        for (TroupeEvent event : events) {
            if (event instanceof TaskEvent.TaskReady r) {
                ready.merge(r.taskId(), r.at(), ThroughputBench::earlier);
            } else if (event instanceof AgentEvent.TurnStarted t && t.taskId() != null) {
                firstTurn.merge(t.taskId(), t.at(), ThroughputBench::earlier);
            } else if (event instanceof AgentEvent.TurnCompleted t && t.taskId() != null) {
                model.merge(t.taskId(), t.latencyMillis() / 1000.0, Double::sum);
            } else if (event instanceof RunEvent.RunStarted s && s.dependencies() != null) {
                dependencies.putAll(s.dependencies());
            }
        }
        return new RunTimes(ready, firstTurn, model, dependencies);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
