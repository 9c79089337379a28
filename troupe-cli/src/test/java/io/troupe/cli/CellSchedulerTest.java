package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CellSchedulerTest {
    private final SweepPlan plan = new SweepPlan(List.of("p09", "p02"), List.of("preassigned", "lead"),
            List.of(1, 2, 3), List.of(1L), "simulated-constant", 100);

    private CellScheduler<SweepPlan.Cell, SweepPlan.Cell> scheduler(int workers, int maxRuns) {
        return new CellScheduler<>(workers, maxRuns, SweepPlan::workersOf);
    }

    @Test
    void teamSizesAreOfferedInTurn() {
        List<SweepPlan.Cell> order = scheduler(6, 10).startOrder(plan.cells());

        // workers per run: preassigned n = 1, 2, 3; lead n = 1, 2, 3 recruits 2, 3, 4; twice (two suites)
        assertThat(order).map(SweepPlan::workersOf).containsExactly(1, 2, 3, 4, 1, 2, 3, 4, 2, 3, 2, 3);
        // each size's cells keep the plan's order
        assertThat(order.subList(0, 4)).containsExactly(new SweepPlan.Cell("p09", "preassigned", 1, 0, 1),
                new SweepPlan.Cell("p09", "preassigned", 2, 0, 1), new SweepPlan.Cell("p09", "preassigned", 3, 0, 1),
                new SweepPlan.Cell("p09", "lead", 3, 0, 1));
        assertThat(order).containsExactlyInAnyOrderElementsOf(plan.cells());
    }

    @Test
    void runsGoSideBySideButTheirTeamsNeverExceedTheWorkers() {
        // Given 6 workers, and runs that need 1 to 4 (a lead run of 3 recruits a lead too)
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger mostRuns = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        List<SweepPlan.Cell> heard = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch twoAtOnce = new CountDownLatch(2);

        // When every cell runs (the first two, of one agent each, hold their workers until both run)
        List<SweepPlan.Cell> results = scheduler(6, 10).runAll(plan.cells(), (cell, workersFree) -> {
            int now = inUse.addAndGet(SweepPlan.workersOf(cell));
            most.accumulateAndGet(now, Math::max);
            mostRuns.accumulateAndGet(runs.incrementAndGet(), Math::max);
            twoAtOnce.countDown();
            try {
                twoAtOnce.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runs.decrementAndGet();
            inUse.addAndGet(-SweepPlan.workersOf(cell));
            workersFree.run();
            return cell;
        }, heard::add);

        // Then all ran, results in the plan's order, each heard of once
        assertThat(results).isEqualTo(plan.cells());
        assertThat(heard).containsExactlyInAnyOrderElementsOf(plan.cells());
        // and never more workers than there are, but more than one run at a time
        assertThat(most.get()).isLessThanOrEqualTo(6);
        assertThat(mostRuns.get()).isGreaterThan(1);
    }

    @Test
    void atMostMaxRunsRunAtOnce() throws InterruptedException {
        CountDownLatch firstTwo = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger mostRuns = new AtomicInteger();
        Thread.ofVirtual().start(() -> scheduler(16, 2).runAll(plan.cells(), (cell, workersFree) -> {
            mostRuns.accumulateAndGet(runs.incrementAndGet(), Math::max);
            firstTwo.countDown();
            try {
                firstTwo.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runs.decrementAndGet();
            return cell;
        }, cell -> { })).join();

        assertThat(firstTwo.getCount()).isZero();
        assertThat(mostRuns.get()).isEqualTo(2);
    }

    @Test
    void aCellsWorkersGoToTheNextCellOnceItsRunIsOverNotWhenItsFinalTestsAre() throws InterruptedException {
        // Given 3 workers and two runs of 3 (nothing else fits beside either)
        var two = new SweepPlan(List.of("p09"), List.of("preassigned", "queue"), List.of(3), List.of(1L),
                "simulated-constant",
                100);
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();

        // When the first run ends and its cell goes on (metrics, final tests) until the second has started
        Thread sweep = Thread.ofVirtual().start(() -> scheduler(3, 10).runAll(two.cells(), (cell, workersFree) -> {
            most.accumulateAndGet(inUse.addAndGet(3), Math::max);
            inUse.addAndGet(-3);
            workersFree.run();
            if (cell.architecture().equals("queue")) {
                secondStarted.countDown();
            } else {
                try {
                    secondStarted.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return cell;
        }, cell -> { }));
        sweep.join();

        // Then the second started while the first cell was still at work, and the runs never overlapped
        assertThat(secondStarted.getCount()).isZero();
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void aFailedRunStopsTheSweepWithItsError() {
        assertThatThrownBy(() -> scheduler(6, 10).runAll(plan.cells(), (cell, workersFree) -> {
            if (cell.agents() == 2) {
                throw new IllegalStateException("run of " + cell + " timed out");
            }
            return cell;
        }, cell -> { })).isInstanceOf(IllegalStateException.class).hasMessageContaining("timed out");
    }

    @Test
    void aRunLargerThanTheWorkersIsRefusedBeforeAnythingStarts() {
        AtomicInteger started = new AtomicInteger();
        assertThatThrownBy(() -> scheduler(3, 10).runAll(plan.cells(), (cell, workersFree) -> {
            started.incrementAndGet();
            return cell;
        }, cell -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 agent workers");
        assertThat(started).hasValue(0);
    }

    @Test
    void theStackGetsWorkersForItsRunsAtOnceOfTheLargestTeam() {
        // the largest run recruits 4 (a lead run of 3): 3 such runs at once need 12
        assertThat(plan.workersFor(3)).isEqualTo(12);
        // never more than every cell at once needs: 2 suites x (1 + 2 + 3 preassigned, 2 + 3 + 4 lead) = 30
        assertThat(plan.workersFor(100)).isEqualTo(30);
        // never fewer than the largest run needs
        assertThat(plan.workersFor(1)).isEqualTo(4);
    }
}
