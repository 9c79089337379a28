package io.troupe.agent.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.troupe.agent.clients.ServiceCallException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseRenewerTest {
    private final FakeBoard board = new FakeBoard();
    private final LeaseRenewer renewer = new LeaseRenewer(board, Duration.ofMillis(20), Duration.ofMillis(50));

    @AfterEach
    void stop() {
        renewer.stop();
    }

    private static TaskLease lease(long epoch, Duration left) {
        return new TaskLease("run-1", "a", "agent-1", epoch, Instant.now().plus(left));
    }

    @Test
    void leaseIsRenewedAtAThirdOfItsTimePresentingItsEpoch() {
        // Given a lease of 600 ms with epoch 5, which the board renews for 600 ms each time
        board.epoch = 5;
        TaskLease lease = lease(5, Duration.ofMillis(600));
        Instant start = Instant.now();

        // When it is kept
        renewer.keep(lease);

        // Then it is renewed about every 200 ms, never letting it run out, each time with epoch 5
        await().atMost(Duration.ofSeconds(5)).until(() -> board.renewals.size() >= 4);
        List<FakeBoard.Renewal> renewals = List.copyOf(board.renewals);
        assertThat(renewals).extracting(FakeBoard.Renewal::epoch).containsOnly(5L);
        assertThat(Duration.between(start, renewals.get(0).at())).isBetween(Duration.ofMillis(150),
                Duration.ofMillis(400));
        for (int i = 1; i < renewals.size(); i++) {
            assertThat(Duration.between(renewals.get(i - 1).at(), renewals.get(i).at()))
                    .isBetween(Duration.ofMillis(150), Duration.ofMillis(400));
        }
        assertThat(lease.expiresAt()).isAfter(Instant.now());
        assertThat(lease.lost()).isFalse();
    }

    @Test
    void leaseWithoutAnEpochIsRenewedAtOnceToLearnIt() {
        // Given a preassigned task: the assignment named no epoch; the board's lease is epoch 9
        board.epoch = 9;
        TaskLease lease = TaskLease.unknown("run-1", "a", "agent-1");

        // When it is kept
        renewer.keep(lease);

        // Then the first renewal goes out at once without an epoch, and the next ones present 9
        await().atMost(Duration.ofSeconds(5)).until(() -> board.renewals.size() >= 2);
        List<FakeBoard.Renewal> renewals = List.copyOf(board.renewals);
        assertThat(renewals.get(0).epoch()).isNull();
        assertThat(renewals.subList(1, renewals.size())).extracting(FakeBoard.Renewal::epoch).containsOnly(9L);
        assertThat(lease.epoch()).isEqualTo(9L);
    }

    @Test
    void staleLeaseMarksTheTaskLostAndRenewalsStop() {
        // Given a board on which the agent's lease went to someone else
        board.renewFailures.add(FakeBoard.stale(5));
        TaskLease lease = lease(5, Duration.ofMillis(150));

        // When it is kept
        renewer.keep(lease);

        // Then the task is lost, with the coordinator's reason, and no renewal follows
        await().atMost(Duration.ofSeconds(5)).until(lease::lost);
        assertThat(lease.lostReason()).contains("stale-lease");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> board.renewals.size() == 1);
    }

    @Test
    void closedLeaseIsNotRenewedAnyMore() {
        // Given a kept lease that was renewed once
        TaskLease lease = renewer.keep(lease(1, Duration.ofMillis(150)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !board.renewals.isEmpty());

        // When the agent is done with its task
        lease.close();
        int renewed = board.renewals.size();

        // Then no renewal follows (one may have been under way)
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> board.renewals.size() <= renewed + 1);
        assertThat(lease.lost()).isFalse();
    }

    @Test
    void completionWaitsForARenewalUnderWayAndEndsTheRenewals() {
        // Given a lease renewed about every 50 ms by renewals that take 40 ms
        board.renewTime = Duration.ofMillis(40);
        TaskLease lease = renewer.keep(lease(1, Duration.ofMillis(150)));
        await().atMost(Duration.ofSeconds(5)).until(() -> board.renewals.size() >= 2);

        // When the task is completed
        java.util.concurrent.atomic.AtomicInteger renewingDuringCompletion = new java.util.concurrent.atomic
                .AtomicInteger(-1);
        lease.complete(() -> renewingDuringCompletion.set(board.renewing.get()));
        int renewed = board.renewals.size();

        // Then no renewal was under way while it completed, and none follows
        assertThat(renewingDuringCompletion.get()).isZero();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> board.renewals.size() == renewed);
    }

    @Test
    void failedCompletionKeepsTheLease() {
        // Given a kept lease
        TaskLease lease = renewer.keep(lease(1, Duration.ofMillis(150)));

        // When its completion fails (the coordinator unreachable)
        try {
            lease.complete(() -> {
                throw new ServiceCallException("POST .../complete answered 503", 503);
            });
        } catch (ServiceCallException expected) {
            // the agent's model is told and may try again
        }

        // Then the renewals go on
        int renewed = board.renewals.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> board.renewals.size() >= renewed + 2);
        assertThat(lease.closed()).isFalse();
    }

    @Test
    void failedRenewalIsTriedAgain() {
        // Given a coordinator that is briefly unreachable
        board.renewFailures.add(new ServiceCallException("POST .../renew failed: connection refused",
                new java.net.ConnectException()));
        board.renewFailures.add(new ServiceCallException("POST .../renew answered 503", 503));
        board.epoch = 4;
        TaskLease lease = lease(4, Duration.ofMillis(300));

        // When it is kept
        renewer.keep(lease);

        // Then renewals go on and succeed once it is back
        await().atMost(Duration.ofSeconds(5)).until(() -> board.renewals.size() >= 4);
        assertThat(lease.lost()).isFalse();
        assertThat(lease.expiresAt()).isAfter(Instant.now());
    }

    @Test
    void coordinatorWithoutLeasesEndsTheRenewalsOfAPreassignedTask() {
        // Given a coordinator that has no renew endpoint
        board.renewFailures.add(new ServiceCallException("POST .../renew answered 404", 404));
        TaskLease lease = TaskLease.unknown("run-1", "a", "agent-1");

        // When a preassigned task's lease is kept
        renewer.keep(lease);

        // Then one renewal was tried, the task is not lost, and its completion will name no epoch
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> board.renewals.size() == 1);
        assertThat(lease.lost()).isFalse();
        assertThat(lease.epoch()).isNull();
    }
}
