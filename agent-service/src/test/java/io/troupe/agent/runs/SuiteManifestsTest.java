package io.troupe.agent.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.protocol.suite.SuiteManifest;
import io.troupe.protocol.suite.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SuiteManifestsTest {
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean away;

    private final CoordinatorClient coordinator = new CoordinatorClient() {
        @Override
        public Optional<SuiteManifest> suite(String suiteId) {
            calls.incrementAndGet();
            if (away) {
                throw new ServiceCallException("GET /api/suites/" + suiteId + " failed: connection refused", 0);
            }
            return Optional.of(new SuiteManifest(suiteId, "T", null, "python", "pytest", List.of()));
        }

        @Override
        public Map<String, String> solution(String runId, String suiteId, String taskId, String agentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete(String runId, String taskId, String agentId, Long epoch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lease claim(String runId, String taskId, String agentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lease renew(String runId, String taskId, String agentId, Long epoch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunInfo run(String runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunInfo board(String runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TaskSpec> suiteTasks(String suiteId) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void aSuiteIsAskedForOnceAndAFailureIsAskedAgain() {
        SuiteManifests suites = new SuiteManifests(coordinator);

        // Given the coordinator away: nothing is known, and nothing kept
        away = true;
        assertThat(suites.get("paper-p09")).isEmpty();
        // When it is back, the suite is read once
        away = false;
        assertThat(suites.get("paper-p09")).hasValueSatisfying(m -> assertThat(m.id()).isEqualTo("paper-p09"));
        assertThat(suites.get("paper-p09")).isPresent();
        assertThat(calls).hasValue(2);
    }
}
