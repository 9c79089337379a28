package io.troupe.agent.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.lease.FakeBoard;
import io.troupe.agent.runs.RunCatalog;
import io.troupe.agent.runs.RunDirectory;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoardPickerTest {
    private static final List<String> READY = IntStream.range(0, 10).mapToObj(i -> "t" + i).toList();

    private final FakeBoard board = new FakeBoard();
    private final RunDirectory directory = new RunDirectory();
    private final BoardPicker picker = new BoardPicker(board, new RunCatalog(board), directory);
    private final List<Assignment> started = new ArrayList<>();

    @Test
    void sameRunAndAgentPickInTheSameOrderAndAgentsSpreadTheirPicks() {
        // Given two pickers (two processes) and ten READY tasks
        BoardPicker other = new BoardPicker(board, new RunCatalog(board), directory);

        // Then agent-1 tries the tasks in the same order in both, a shuffle of all of them
        assertThat(picker.order("run-1", "agent-1", READY)).isEqualTo(other.order("run-1", "agent-1", READY))
                .containsExactlyInAnyOrderElementsOf(READY).isNotEqualTo(READY);
        // and the agents of a team of eight do not all start with the same task
        Set<String> firstPicks = new HashSet<>();
        IntStream.rangeClosed(1, 8).forEach(i -> firstPicks.add(picker.order("run-2", "agent-" + i, READY).get(0)));
        assertThat(firstPicks).hasSizeGreaterThan(2);
    }

    @Test
    void refusedClaimsAreSkippedUntilOneSucceeds() {
        // Given a decentralized run of 2 whose board has a, b READY; a is taken by the other agent
        startRun(2, "RUNNING");
        board.onClaim = task -> {
            if (task.equals("a")) {
                throw FakeBoard.refused(ProblemType.CLAIM_CONFLICT, "CLAIMED");
            }
            return new Lease("run-1", task, "agent-1", 1, Instant.now().plusSeconds(30));
        };

        // When agent-1 looks at the board
        Optional<CompletableFuture<Void>> work = picker.pick("agent-1", 1, this::start);

        // Then it works on b
        assertThat(work).isPresent();
        assertThat(started).singleElement().satisfies(a -> assertThat(a.task().id()).isEqualTo("b"));
        assertThat(board.claims).contains("run-1/b/agent-1");
    }

    @Test
    void agentBeyondTheTeamDoesNotClaim() {
        // Given a decentralized run of 2
        startRun(2, "RUNNING");

        // When agent-3 looks / Then it claims nothing
        assertThat(picker.pick("agent-3", 3, this::start)).isEmpty();
        assertThat(board.claims).isEmpty();
    }

    @Test
    void finishedRunIsForgotten() {
        // Given a run whose board says it is COMPLETED
        startRun(2, "COMPLETED");

        // When agent-1 looks / Then it claims nothing and stops looking at that run
        assertThat(picker.pick("agent-1", 1, this::start)).isEmpty();
        assertThat(board.claims).isEmpty();
        assertThat(directory.running(RunDirectory.DECENTRALIZED)).isEmpty();
    }

    @Test
    void anAgentProneToPrematureClaimsFirstClaimsAPendingTaskAndIsBlocked() {
        // Given a run whose board has a READY and c PENDING, and an agent that always claims too early
        BoardPicker eager = new BoardPicker(board, new RunCatalog(board), directory, (run, agent) -> false,
                (run, agent) -> 1.0);
        board.runs.put("run-1", new RunInfo("run-1", "x", "decentralized", 2, ModelSpec.simulated(0), "RUNNING",
                List.of("a"), List.of(new RunInfo.BoardTask("a", "READY", null, List.of(), List.of("a.py")),
                new RunInfo.BoardTask("c", "PENDING", null, List.of("a"), List.of("c.py")))));
        board.suites.put("x", List.of(new TaskSpec("a", "A", "", List.of(), List.of("a.py"), List.of()),
                new TaskSpec("c", "C", "", List.of("a"), List.of("c.py"), List.of())));
        directory.onRunEvent(new io.troupe.protocol.events.RunEvent.RunStarted("run-1", null, "x", "decentralized",
                2, "simulated-constant", 2, 2, 0.0, Instant.now()));
        board.onClaim = task -> {
            if (task.equals("c")) {
                throw FakeBoard.refused(ProblemType.CLAIM_BLOCKED, "PENDING");
            }
            return new Lease("run-1", task, "agent-1", 1, Instant.now().plusSeconds(30));
        };

        // When agent-1 looks at the board
        Optional<CompletableFuture<Void>> work = eager.pick("agent-1", 1, this::start);

        // Then it tried c first, was refused, and works on a
        assertThat(board.claims).containsExactly("run-1/c/agent-1", "run-1/a/agent-1");
        assertThat(work).isPresent();
        assertThat(started).singleElement().satisfies(a -> assertThat(a.task().id()).isEqualTo("a"));
    }

    @Test
    void anAgentThatCrashedInARunPicksNoMoreOfItsTasks() {
        // Given a run of 2 in which agent-1 crashed
        startRun(2, "RUNNING");
        BoardPicker afterCrash = new BoardPicker(board, new RunCatalog(board), directory,
                (run, agent) -> run.equals("run-1") && agent.equals("agent-1"), (run, agent) -> 0);

        // When agent-1 looks / Then it claims nothing
        assertThat(afterCrash.pick("agent-1", 1, this::start)).isEmpty();
        assertThat(board.claims).isEmpty();
    }

    private CompletableFuture<Void> start(Assignment assignment, Lease lease) {
        started.add(assignment);
        return CompletableFuture.completedFuture(null);
    }

    private void startRun(int agents, String status) {
        board.runs.put("run-1", new RunInfo("run-1", "x", "decentralized", agents, ModelSpec.simulated(0), status,
                List.of("a", "b"), List.of()));
        board.suites.put("x", List.of(
                new TaskSpec("a", "A", "", List.of(), List.of("a.py"), List.of()),
                new TaskSpec("b", "B", "", List.of(), List.of("b.py"), List.of())));
        directory.onRunEvent(new io.troupe.protocol.events.RunEvent.RunStarted("run-1", null, "x", "decentralized",
                agents, "simulated-constant", 2, 1, 0.5, Instant.now()));
    }
}
