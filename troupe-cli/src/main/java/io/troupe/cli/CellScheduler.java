package io.troupe.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Runs the cells of a sweep side by side within a budget of agent workers: a cell starts when the
 * workers its run recruits are free and fewer than {@code maxRuns} run, in an order that mixes team
 * sizes (see {@link #startOrder}). A later, smaller cell may start ahead of a larger one that does
 * not fit yet.
 *
 * <p>Why a budget: the coordinator recruits idle agents no running run holds; a run started with
 * too few free workers would share agents with another run, and its makespan would include the
 * other run's work.
 *
 * <p>Why a number of runs, not of workers, bounds what runs at once: on its own clock a simulated run
 * is only its real work (tool calls, test runs, hand-offs), done about one task at a time whatever the
 * team's size, since the clock jumps while every member waits on its model. Each run at once is then
 * one stream of real work on the machine, and the real parts of a run cost what the number of streams
 * makes them cost. Bounding runs keeps that the same for every team size; bounding workers alone ran
 * fifteen n = 1 runs at once but three n = 5 runs, so the n = 1 baselines paid five times the
 * contention and every speedup came out too large.
 */
final class CellScheduler<C, R> {
    private final int workers;
    private final int maxRuns;
    private final ToIntFunction<C> teamOf;

    CellScheduler(int workers, int maxRuns, ToIntFunction<C> teamOf) {
        if (workers < 1 || maxRuns < 1) {
            throw new IllegalArgumentException("workers and maxRuns must be at least 1");
        }
        this.workers = workers;
        this.maxRuns = maxRuns;
        this.teamOf = teamOf;
    }

    /**
     * The order cells are offered in: team sizes taken in turn (one cell of each size, smallest first, then
     * the next of each), each size's cells in the plan's order. So the runs side by side, and the last ones
     * of the sweep, mix team sizes: no size runs only among its own kind, or alone at the end on an idle
     * machine. (Longest first no longer applies: on the run clock every run of a suite costs about its
     * tasks' real work, whatever its team.)
     */
    List<C> startOrder(List<C> cells) {
        Map<Integer, List<C>> bySize = new TreeMap<>();
        cells.forEach(cell -> bySize.computeIfAbsent(teamOf.applyAsInt(cell), size -> new ArrayList<>()).add(cell));
        List<C> order = new ArrayList<>(cells.size());
        for (int i = 0; order.size() < cells.size(); i++) {
            for (List<C> ofSize : bySize.values()) {
                if (i < ofSize.size()) {
                    order.add(ofSize.get(i));
                }
            }
        }
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
