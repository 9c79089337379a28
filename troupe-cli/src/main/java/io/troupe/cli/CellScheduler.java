package io.troupe.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Runs the cells of a sweep side by side within a budget of agent workers: a cell starts when the
 * workers its run recruits are free and fewer than {@code maxRuns} run, longest expected first
 * (the n = 1 runs are the long ones; started last, they would leave the machine idle at the end).
 * A later, smaller cell may start ahead of a larger one that does not fit yet.
 *
 * <p>Why a budget: the coordinator recruits idle agents no running run holds; a run started with
 * too few free workers would share agents with another run, and its makespan would include the
 * other run's work.
 */
final class CellScheduler<C, R> {
    private final int workers;
    private final int maxRuns;
    private final ToIntFunction<C> teamOf;
    private final ToDoubleFunction<C> expectedSeconds;

    CellScheduler(int workers, int maxRuns, ToIntFunction<C> teamOf, ToDoubleFunction<C> expectedSeconds) {
        if (workers < 1 || maxRuns < 1) {
            throw new IllegalArgumentException("workers and maxRuns must be at least 1");
        }
        this.workers = workers;
        this.maxRuns = maxRuns;
        this.teamOf = teamOf;
        this.expectedSeconds = expectedSeconds;
    }

    /** The order cells are offered in: longest expected first; ties keep the plan's order. */
    List<C> startOrder(List<C> cells) {
        List<C> order = new ArrayList<>(cells);
        order.sort(Comparator.comparingDouble(expectedSeconds).reversed());
        return order;
    }

    /**
     * Runs {@code run} for every cell and returns the results in the cells' order; {@code finished}
     * hears of each as it ends. The first failure stops the rest and is thrown.
     */
    List<R> runAll(List<C> cells, Function<C, R> run, Consumer<R> finished) {
        for (C cell : cells) {
            if (teamOf.applyAsInt(cell) > workers) {
                throw new IllegalArgumentException("a run needs " + teamOf.applyAsInt(cell) + " agent workers, "
                        + "more than the " + workers + " there are");
            }
        }
        List<C> pending = startOrder(cells);
        Map<C, R> results = new LinkedHashMap<>();
        Map<Future<R>, C> started = new LinkedHashMap<>();
        int free = workers;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<R> done = new ExecutorCompletionService<>(threads);
            try {
                while (!pending.isEmpty() || !started.isEmpty()) {
                    for (var it = pending.iterator(); it.hasNext() && started.size() < maxRuns; ) {
                        C cell = it.next();
                        int team = teamOf.applyAsInt(cell);
                        if (team <= free) {
                            free -= team;
                            started.put(done.submit(() -> run.apply(cell)), cell);
                            it.remove();
                        }
                    }
                    Future<R> next = done.take();
                    C cell = started.remove(next);
                    free += teamOf.applyAsInt(cell);
                    R result = next.get();
                    results.put(cell, result);
                    finished.accept(result);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                started.keySet().forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                started.keySet().forEach(f -> f.cancel(true));
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return cells.stream().map(results::get).toList();
    }
}
