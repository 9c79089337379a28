package io.troupe.workspace.api;

import static io.restassured.RestAssured.given;
import static io.troupe.workspace.api.Workspaces.create;
import static io.troupe.workspace.api.Workspaces.createFile;
import static io.troupe.workspace.api.Workspaces.newRunId;
import static org.hamcrest.Matchers.endsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.RouteAccess;
import io.troupe.testkit.TestCredentials;
import io.troupe.workspace.security.TestTeams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every workspace route × every role; agents write only as themselves, in their team's runs. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class WorkspaceAuthorizationIT {
    private static final String[] READERS = {"viewer", "agent", "service"};

    @Test
    void everyRouteRefusesAnonymousCallersAndRolesItDoesNotAllow() {
        // Given a workspace with a file
        String run = newRunId();
        create(run, Map.of("a.py", "x")).then().statusCode(201);
        String base = "/api/runs/" + run;

        // When / Then
        List<RouteAccess> routes = List.of(
                RouteAccess.of("PUT", "/api/runs/" + newRunId(), "service", "operator")
                        .withBody("application/json", "{\"files\": {}}"),
                RouteAccess.of("GET", base + "/accounting", READERS),
                RouteAccess.of("GET", base + "/files", READERS),
                RouteAccess.of("GET", base + "/files/a.py", READERS),
                RouteAccess.of("GET", base + "/files/a.py/versions", READERS),
                RouteAccess.of("GET", base + "/files/a.py/versions/1", READERS),
                RouteAccess.of("GET", base + "/archive", READERS),
                RouteAccess.of("GET", base + "/archive.git", READERS),
                RouteAccess.of("PUT", base + "/files/new.py", "agent").withBody("text/plain", "y"),
                RouteAccess.of("DELETE", base + "/files/none.py", "agent"),
                RouteAccess.of("POST", base + "/test-runs", "agent", "operator"));
        routes.forEach(RouteAccess::check);
    }

    @Test
    void anAgentWritesAndTestsOnlyAsItselfAndOnlyInItsTeamsRuns() {
        // Given a run whose team is agent-1 alone
        String run = TestTeams.CLOSED + newRunId();
        create(run, Map.of()).then().statusCode(201);

        // When agent-2 writes or runs tests there, or agent-1 names another agent
        given().header("Authorization", TestCredentials.bearer(TestCredentials.agent("agent-2")))
                .header("If-None-Match", "*").contentType("text/plain").body("x")
                .put("/api/runs/{run}/files/x.py", run).then().statusCode(403)
                .body("type", endsWith("/agent-not-on-team"));
        given().header("Authorization", TestCredentials.bearer(TestCredentials.agent("agent-2")))
                .post("/api/runs/{run}/test-runs", run).then().statusCode(403)
                .body("type", endsWith("/agent-not-on-team"));
        given().header("Authorization", TestCredentials.bearer(TestCredentials.agent("agent-1")))
                .header("Troupe-Agent", "agent-2").header("If-None-Match", "*").contentType("text/plain").body("x")
                .put("/api/runs/{run}/files/x.py", run).then().statusCode(403)
                .body("type", endsWith("/agent-mismatch"));

        // Then agent-1 writes, and the version's author is agent-1 (from its credential)
        createFile(run, "x.py", "agent-1", "x").then().statusCode(201);
        given().get("/api/runs/{run}/files/x.py", run).then().statusCode(200).header("Troupe-Author", "agent-1");
    }
}
