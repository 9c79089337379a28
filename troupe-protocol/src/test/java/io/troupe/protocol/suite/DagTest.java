package io.troupe.protocol.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DagTest {

    private static TaskSpec task(String id, String... deps) {
        return new TaskSpec(id, id, "", List.of(deps), List.of(id + ".py"), List.of());
    }

    @Test
    void criticalPathIsTheLongestChainAndGivesP() {
        // Given a diamond a -> {b, c} -> d plus an independent e
        Dag dag = Dag.of(List.of(task("a"), task("b", "a"), task("c", "a"), task("d", "b", "c"), task("e")));

        // Then
        assertThat(dag.criticalPath()).containsExactly("a", "b", "d");
        assertThat(dag.parallelFraction()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(dag.amdahlBound(2)).isEqualTo(1 / (0.6 + 0.2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(dag.makespanLowerBound(1)).isEqualTo(5);
        assertThat(dag.makespanLowerBound(4)).isEqualTo(3);
        assertThat(dag.topologicalOrder()).containsExactly("a", "e", "b", "c", "d");
        assertThat(dag.dependentsOf("a")).containsExactly("b", "c");
    }

    @Test
    void cycleIsRefusedAndNamed() {
        assertThatThrownBy(() -> Dag.of(List.of(task("a", "c"), task("b", "a"), task("c", "b"))))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageContaining("dependency cycle: a -> c -> b -> a");
    }
}
