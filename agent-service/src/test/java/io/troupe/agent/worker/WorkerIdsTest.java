package io.troupe.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerIdsTest {

    @Test
    void aProcessHostsItsWorkersNumberedFromOne() {
        assertThat(WorkerIds.of(Optional.empty(), 3, "agent-"))
                .containsExactly(Map.entry("agent-1", 1), Map.entry("agent-2", 2), Map.entry("agent-3", 3));
    }

    @Test
    void aPodHostsOneWorkerNamedAfterItsOrdinalPlusOne() {
        assertThat(WorkerIds.of(Optional.of("troupe-agent-2"), 3, "agent-"))
                .containsExactly(Map.entry("agent-3", 3));
        assertThat(WorkerIds.of(Optional.of("troupe-agent-0"), 1, "agent-"))
                .containsExactly(Map.entry("agent-1", 1));
    }

    @Test
    void aBlankPodNameIsNoPodName() {
        assertThat(WorkerIds.of(Optional.of(" "), 2, "agent-")).containsOnlyKeys("agent-1", "agent-2");
    }

    @Test
    void aPodNameWithoutAnOrdinalIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> WorkerIds.of(Optional.of("troupe-agent"), 1, "agent-"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TROUPE_AGENT_POD_NAME").hasMessageContaining("troupe-agent-2");
    }
}
