package io.troupe.workspace.testrun;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import java.util.Map;

/**
 * The pytest test runs of {@link PytestTestRuns} through the pytest fork server: the service as it
 * runs where bubblewrap is not installed (the fork server is not used inside bubblewrap, so this
 * application runs without a sandbox). One more application start for the module's tests.
 */
@QuarkusTest
@TestProfile(ForkServerTestRunsIT.ForkServer.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class ForkServerTestRunsIT extends PytestTestRuns {

    public static class ForkServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troupe.workspace.sandbox", "trusted", "troupe.workspace.pytest-fork-server", "true");
        }
    }

    @Override
    boolean forked() {
        return true;
    }
}
