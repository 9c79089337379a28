package io.troupe.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void theBrokerLauncherGetsEachTopicsPartitionsAndTheHeartbeatsShortRetention() {
        assertThat(Topics.withPartitions(8)).containsExactly(
                "troupe.run-events:8", "troupe.task-events:8", "troupe.agent-events:8", "troupe.workspace-events:8",
                "troupe.agent-inbox:8", "troupe.tasks-ready:1", "troupe.agent-heartbeats:8:3600000");
    }
}
