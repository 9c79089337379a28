package io.troupe.coordinator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.troupe.protocol.suite.Dag;
import io.troupe.protocol.suite.TaskSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreassignmentTest {

    private static TaskSpec task(String id, String... deps) {
        return new TaskSpec(id, id, id, Arrays.asList(deps), List.of(id + ".py"), List.of());
    }

    /** The tiny suite's shape: t1 -> {t2, t3} -> t5, and t4 alone. */
    private static final Dag TINY = Dag.of(List.of(task("t1"), task("t2", "t1"), task("t3", "t1"), task("t4"),
            task("t5", "t2", "t3")));

    @Test
    void aChainStaysOnOneAgent() {
        // Given a chain a -> b -> c -> d
        Dag chain = Dag.of(List.of(task("a"), task("b", "a"), task("c", "b"), task("d", "c")));

        // When it is planned for three agents
        Map<String, String> plan = Preassignment.plan(chain, 3);

        // Then every task is on the first task's agent
        assertThat(plan).containsOnly(Map.entry("a", "agent-1"), Map.entry("b", "agent-1"),
                Map.entry("c", "agent-1"), Map.entry("d", "agent-1"));
    }

    @Test
    void independentTasksAreSpreadEvenly() {
        // Given six tasks without dependencies
        Dag flat = Dag.of(List.of(task("a"), task("b"), task("c"), task("d"), task("e"), task("f")));

        // When they are planned for three agents
        Map<String, String> plan = Preassignment.plan(flat, 3);

        // Then each agent gets two, round robin in declaration order
        assertThat(plan).containsExactly(Map.entry("a", "agent-1"), Map.entry("b", "agent-2"),
                Map.entry("c", "agent-3"), Map.entry("d", "agent-1"), Map.entry("e", "agent-2"),
                Map.entry("f", "agent-3"));
    }

    @Test
    void aForkContinuesTheChainOnceAndSendsTheOtherBranchToTheLeastLoadedAgent() {
        // When the tiny suite is planned for two agents
        Map<String, String> plan = Preassignment.plan(TINY, 2);

        // Then t2 continues t1's chain, t4 and t3 go to the idle agent, t5 continues t2's chain
        assertThat(plan).containsOnly(Map.entry("t1", "agent-1"), Map.entry("t2", "agent-1"),
                Map.entry("t5", "agent-1"), Map.entry("t4", "agent-2"), Map.entry("t3", "agent-2"));
    }

    @Test
    void tasksAreVisitedInTopologicalOrder() {
        // When the tiny suite is planned
        Map<String, String> plan = Preassignment.plan(TINY, 2);

        // Then the plan lists the tasks in the DAG's topological order
        assertThat(plan.keySet()).containsExactlyElementsOf(TINY.topologicalOrder());
    }

    @Test
    void aTeamOfOneDoesEverything() {
        // When the tiny suite is planned for one agent
        Map<String, String> plan = Preassignment.plan(TINY, 1);

        // Then agent-1 has all five tasks
        assertThat(plan).hasSize(5).allSatisfy((task, agent) -> assertThat(agent).isEqualTo("agent-1"));
    }

    @Test
    void moreAgentsThanTasksLeavesSomeIdle() {
        // When the tiny suite is planned for sixteen agents
        Map<String, String> plan = Preassignment.plan(TINY, 16);

        // Then chains still stay together: t1, t2, t5 on agent-1; t4 and t3 on their own agents
        assertThat(plan).containsOnly(Map.entry("t1", "agent-1"), Map.entry("t2", "agent-1"),
                Map.entry("t5", "agent-1"), Map.entry("t4", "agent-2"), Map.entry("t3", "agent-3"));
    }

    @Test
    void aTaskWithSeveralDependenciesFollowsItsFirstDependency() {
        // Given x and y independent, and z depending on y first, then x
        Dag dag = Dag.of(List.of(task("x"), task("y"), task("z", "y", "x")));

        // When planned for two agents
        Map<String, String> plan = Preassignment.plan(dag, 2);

        // Then z goes to y's agent
        assertThat(plan.get("z")).isEqualTo(plan.get("y")).isEqualTo("agent-2");
    }

    @Test
    void planningIsDeterministic() {
        assertThat(Preassignment.plan(TINY, 3)).isEqualTo(Preassignment.plan(TINY, 3));
    }

    @Test
    void aTeamNeedsAnAgent() {
        assertThatThrownBy(() -> Preassignment.plan(TINY, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one agent");
    }

    @Test
    void agentsAreNumberedFromOne() {
        assertThat(Preassignment.agents(3)).containsExactly("agent-1", "agent-2", "agent-3");
    }

    @Test
    void criticalPathFirstStartsTheLongestChainAtOnceAndKeepsItOnOneAgent() {
        // Given a chain a -> b -> c listed after three independent tasks x, y, z
        Dag dag = Dag.of(List.of(task("x"), task("y"), task("z"), task("a"), task("b", "a"), task("c", "b")));

        // When it is planned critical-path-first for two agents
        Map<String, String> plan = Preassignment.criticalPathFirst(dag, 2);

        // Then the chain goes first, on one agent, and the independent tasks fill the other: makespan 3 = CP
        assertThat(plan).containsOnly(Map.entry("a", "agent-1"), Map.entry("b", "agent-1"),
                Map.entry("c", "agent-1"), Map.entry("x", "agent-2"), Map.entry("y", "agent-2"),
                Map.entry("z", "agent-2"));
        // while the default plan, in topological order, starts the chain only after the independent tasks
        assertThat(Preassignment.plan(dag, 2, null)).isEqualTo(Preassignment.plan(dag, 2));
        assertThat(Preassignment.plan(dag, 2, Preassignment.CP_FIRST)).isEqualTo(plan);
    }

    @Test
    void criticalPathFirstPlansEveryTaskOfTheTinySuite() {
        Map<String, String> plan = Preassignment.criticalPathFirst(TINY, 2);

        // t1 heads the critical path t1 -> t2 -> t5; its chain stays on agent-1, t3 and t4 go to agent-2
        assertThat(plan).containsOnly(Map.entry("t1", "agent-1"), Map.entry("t2", "agent-1"),
                Map.entry("t3", "agent-2"), Map.entry("t4", "agent-2"), Map.entry("t5", "agent-1"));
    }
}
