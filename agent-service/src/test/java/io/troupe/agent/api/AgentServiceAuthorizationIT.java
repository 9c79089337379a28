package io.troupe.agent.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.agent.it.PeersResource;
import io.troupe.agent.it.StubLlmResource;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.RouteAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every agent-service route × every role. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class AgentServiceAuthorizationIT {
    @Test
    void everyRouteRefusesAnonymousCallersAndRolesItDoesNotAllow() {
        List.of(RouteAccess.of("GET", "/api/agents", "viewer", "agent", "service"),
                RouteAccess.of("GET", "/api/agents/agent-1", "viewer", "agent", "service"))
                .forEach(RouteAccess::check);
    }
}
