package io.troupe.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
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

    /** One cell's work; it calls {@code workersFree} once its run has ended and let its agents go. */
    @FunctionalInterface
    interface CellRun<C, R> {
        R run(C cell, Runnable workersFree);
    }

    /** What a cell's thread tells the scheduler. */
    private sealed interface Signal<C, R> {
        C cell();
    }

    private record Freed<C, R>(C cell) implements Signal<C, R> {
    }

    private record Finished<C, R>(C cell, R result) implements Signal<C, R> {
    }

    private record Failed<C, R>(C cell, Throwable error) implements Signal<C, R> {
    }

    /**
     * Runs {@code run} for every cell and returns the results in the cells' order; {@code finished}
     * hears of each as it ends. A cell's workers are free for the next cell as soon as it says so
     * (its run is over; reading its metrics and running its final tests need no agent). The first
     * failure stops the rest and is thrown.
     */
    List<R> runAll(List<C> cells, CellRun<C, R> run, Consumer<R> finished) {
        for (C cell : cells) {
            if (teamOf.applyAsInt(cell) > workers) {
                throw new IllegalArgumentException("a run needs " + teamOf.applyAsInt(cell) + " agent workers, "
                        + "more than the " + workers + " there are");
            }
        }
        List<C> pending = startOrder(cells);
        Map<C, R> results = new HashMap<>();
        Set<C> holding = new HashSet<>();
        BlockingQueue<Signal<C, R>> signals = new LinkedBlockingQueue<>();
        List<Future<?>> started = new ArrayList<>();
        int free = workers;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                while (results.size() < cells.size()) {
                    for (var it = pending.iterator(); it.hasNext() && holding.size() < maxRuns; ) {
                        C cell = it.next();
                        int team = teamOf.applyAsInt(cell);
                        if (team <= free) {
                            free -= team;
                            holding.add(cell);
                            it.remove();
                            started.add(threads.submit(() -> {
                                try {
                                    R result = run.run(cell, () -> signals.add(new Freed<>(cell)));
                                    signals.add(new Finished<>(cell, result));
                                } catch (Throwable e) {
                                    signals.add(new Failed<>(cell, e));
                                }
                            }));
                        }
                    }
                    Signal<C, R> signal = signals.take();
                    if (holding.remove(signal.cell())) {
                        free += teamOf.applyAsInt(signal.cell());
                    }
                    switch (signal) {
                        case Freed<C, R> ignored -> { }
                        case Finished<C, R> done -> {
                            results.put(done.cell(), done.result());
                            finished.accept(done.result());
                        }
                        case Failed<C, R> failed -> throw failed.error() instanceof RuntimeException r ? r
                                : new IllegalStateException(failed.error());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                started.forEach(f -> f.cancel(true));
            }
        }
        return cells.stream().map(results::get).toList();
    }
}
