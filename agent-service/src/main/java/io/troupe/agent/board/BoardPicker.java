package io.troupe.agent.board;

import io.troupe.agent.clients.ClaimRefusedException;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.agent.runs.RunCatalog;
import io.troupe.agent.runs.RunDirectory;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.ToDoubleBiFunction;
import org.jboss.logging.Logger;

/**
 * How an idle agent picks a task of a {@code decentralized} run: it reads the run's board, shuffles
 * the READY tasks with a random stream seeded by the run and the agent (so agents spread their
 * picks, and the same run and agent pick in the same order) and claims them in that order until a
 * claim succeeds. Refused claims (another agent was faster, or the task is not READY any more) are
 * expected in this architecture; the coordinator counts them.
 */
public final class BoardPicker {
    private static final Logger LOG = Logger.getLogger(BoardPicker.class);

    private final CoordinatorClient coordinator;
    private final RunCatalog runs;
    private final RunDirectory directory;
    private final Map<String, Random> streams = new ConcurrentHashMap<>();

    private final BiPredicate<String, String> leftRun;
    private final ToDoubleBiFunction<String, String> prematureClaimProbability;

    public BoardPicker(CoordinatorClient coordinator, RunCatalog runs, RunDirectory directory) {
        this(coordinator, runs, directory, (runId, agentId) -> false, (runId, agentId) -> 0);
    }

    /**
     * {@code leftRun} (runId, agentId): the agent left the run (crashed) and picks none of its tasks;
     * {@code prematureClaimProbability} (runId, agentId): the chance that the agent, at a look at the
     * board, first claims a task that is not READY yet (a simulated fault; the claim is refused).
     */
    public BoardPicker(CoordinatorClient coordinator, RunCatalog runs, RunDirectory directory,
                       BiPredicate<String, String> leftRun,
                       ToDoubleBiFunction<String, String> prematureClaimProbability) {
        this.coordinator = coordinator;
        this.runs = runs;
        this.directory = directory;
        this.leftRun = leftRun;
        this.prematureClaimProbability = prematureClaimProbability;
    }

    /**
     * One look at the boards of the running decentralized runs whose team has agent number
     * {@code index}: the work of the task claimed, if any ({@code start} starts it on the agent).
     */
    public Optional<CompletableFuture<Void>> pick(String agentId, int index,
                                                  BiFunction<Assignment, Lease, CompletableFuture<Void>> start) {
        for (RunStarted started : directory.running(RunDirectory.DECENTRALIZED)) {
            // A run in rounds picks only after an idle turn (see io.troupe.agent.rounds.RoundTurns).
            if (started.inRounds() || !started.hasOnTeam(agentId, index) || leftRun.test(started.runId(), agentId)) {
                continue;
            }
            Optional<CompletableFuture<Void>> work = pick(started.runId(), agentId, start);
            if (work.isPresent()) {
                return work;
            }
        }
        return Optional.empty();
    }

    /** One look at the board of {@code runId} for {@code agentId}: the work of the task claimed, if any. */
    public Optional<CompletableFuture<Void>> pickIn(String runId, String agentId,
                                                    BiFunction<Assignment, Lease, CompletableFuture<Void>> start) {
        return leftRun.test(runId, agentId) ? Optional.empty() : pick(runId, agentId, start);
    }

    private Optional<CompletableFuture<Void>> pick(String runId, String agentId,
                                                   BiFunction<Assignment, Lease, CompletableFuture<Void>> start) {
        RunInfo board;
        try {
            board = coordinator.board(runId);
        } catch (ServiceCallException e) {
            if (e.status() == 404) {
                directory.forget(runId);
            } else {
                LOG.warnf("cannot read the board: %s (runId=%s agentId=%s)", e.getMessage(), runId, agentId);
            }
            return Optional.empty();
        }
        if (!board.running()) {
            directory.forget(runId);
            return Optional.empty();
        }
        List<String> order = order(runId, agentId, board.ready());
        premature(runId, agentId, board).ifPresent(taskId -> order.addFirst(taskId));
        for (String taskId : order) {
            try {
                Lease lease = coordinator.claim(runId, taskId, agentId);
                LOG.infof("claimed from the board epoch=%d (runId=%s taskId=%s agentId=%s)", lease.epoch(), runId,
                        taskId, agentId);
                return Optional.of(start.apply(runs.assignment(runId, taskId, agentId), lease));
            } catch (ClaimRefusedException e) {
                LOG.infof("claim refused (%s): %s (runId=%s taskId=%s agentId=%s)", e.problem().slug(), e.getMessage(),
                        runId, taskId, agentId);
                if (e.problem() == ProblemType.RUN_FINISHED) {
                    directory.forget(runId);
                    return Optional.empty();
                }
            } catch (ServiceCallException e) {
                LOG.warnf("claim failed: %s (runId=%s taskId=%s agentId=%s)", e.getMessage(), runId, taskId, agentId);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** With the agent's premature-claim probability, a PENDING task it will try to claim first. */
    private Optional<String> premature(String runId, String agentId, RunInfo board) {
        double p = prematureClaimProbability.applyAsDouble(runId, agentId);
        List<String> pending = board.tasks().stream().filter(t -> "PENDING".equals(t.state()))
                .map(RunInfo.BoardTask::id).toList();
        if (p <= 0 || pending.isEmpty()) {
            return Optional.empty();
        }
        Random random = stream(runId, agentId);
        synchronized (random) {
            return random.nextDouble() < p ? Optional.of(pending.get(random.nextInt(pending.size())))
                    : Optional.empty();
        }
    }

    private Random stream(String runId, String agentId) {
        return streams.computeIfAbsent(runId + "/" + agentId,
                key -> new Random(((long) runId.hashCode() << 32) ^ agentId.hashCode()));
    }

    /** The READY tasks in the order this agent tries them: a shuffle from its own stream for the run. */
    List<String> order(String runId, String agentId, List<String> ready) {
        List<String> order = new ArrayList<>(ready);
        Random random = stream(runId, agentId);
        synchronized (random) {
            java.util.Collections.shuffle(order, random);
        }
        return order;
    }
}
