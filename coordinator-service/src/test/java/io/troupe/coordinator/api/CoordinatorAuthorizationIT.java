package io.troupe.coordinator.api;

import static io.restassured.RestAssured.given;
import static io.troupe.coordinator.api.CoordinatorIT.post;
import static io.troupe.coordinator.api.CoordinatorIT.problem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.coordinator.support.WorkspaceServiceResource;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.RouteAccess;
import io.troupe.testkit.TestCredentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every coordinator route × every role; an agent acts only as its credential's agent, only on
 * runs whose team names it, and gets reference solutions only in simulated runs of the suite.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(WorkspaceServiceResource.class)
class CoordinatorAuthorizationIT {
    private static final String[] READERS = {"viewer", "agent", "service"};

    @Test
    void everyRouteRefusesAnonymousCallersAndRolesItDoesNotAllow() {
        // Given a decentralized run of two (agent-1 and agent-2: no agent announced itself) and one to cancel
        String run = start("decentralized", 2, "simulated");
        String doomed = start("decentralized", 1, "simulated");
        String runs = "/api/runs/" + run;

        // When / Then
        List<RouteAccess> routes = List.of(
                RouteAccess.of("GET", "/api/suites", READERS),
                RouteAccess.of("GET", "/api/suites/tiny", READERS),
                RouteAccess.of("POST", "/api/suites", "operator").withBody("application/zip", "not a zip"),
                RouteAccess.of("POST", "/api/suites/import", "operator").withBody("application/json", "{}"),
                RouteAccess.of("POST", "/api/suites/task-lists", "operator").withBody("application/zip", "not a zip"),
                RouteAccess.of("GET", "/api/suites/tiny/tasks/t1/solution?run=" + run, "agent"),
                RouteAccess.of("POST", "/api/runs", "operator").withBody("application/json", "{}"),
                RouteAccess.of("GET", "/api/runs", READERS),
                RouteAccess.of("GET", runs, READERS),
                RouteAccess.of("GET", runs + "/board", READERS),
                RouteAccess.of("POST", "/api/runs/" + doomed + "/cancel", "operator"),
                RouteAccess.of("POST", runs + "/tasks/t1/claim", "agent"),
                RouteAccess.of("POST", runs + "/tasks/t1/renew", "agent"),
                RouteAccess.of("POST", runs + "/tasks/t4/complete", "agent"),
                RouteAccess.of("POST", runs + "/tasks/t4/assign", "agent")
                        .withBody("application/json", "{\"agent\": \"agent-2\"}"),
                RouteAccess.of("GET", "/api/agents", READERS),
                RouteAccess.of("POST", "/api/experiments", "operator").withBody("application/json", "{}"),
                RouteAccess.of("GET", "/api/experiments", READERS),
                RouteAccess.of("GET", "/api/experiments/exp-unknown", READERS),
                RouteAccess.of("GET", "/api/traces/runs/" + run, READERS),
                RouteAccess.of("GET", "/api/traces/runs/" + run + "/tasks/t1", READERS));
        routes.forEach(RouteAccess::check);
    }

    @Test
    void anAgentActsOnlyAsItselfAndOnlyOnItsTeamsRuns() {
        // Given a decentralized run whose team is agent-1 and agent-2
        String run = start("decentralized", 2, "simulated");

        // When agent-3 claims, or agent-1 claims naming agent-2 / Then both are forbidden, as problems
        problem(as("agent-3").post("/api/runs/{run}/tasks/t1/claim", run).then(), 403, "agent-not-on-team");
        problem(as("agent-1").header(TroupeHeaders.AGENT, "agent-2").post("/api/runs/{run}/tasks/t1/claim", run)
                .then(), 403, "agent-mismatch");
        problem(as("agent-3").post("/api/runs/{run}/tasks/t1/complete", run).then(), 403, "agent-not-on-team");
        problem(as("agent-3").header("Troupe-Lease-Epoch", 1).post("/api/runs/{run}/tasks/t1/renew", run).then(),
                403, "agent-not-on-team");

        // and agent-1 claims as itself without naming itself: the lease is agent-1's
        as("agent-1").post("/api/runs/{run}/tasks/t1/claim", run).then().statusCode(200)
                .body("agent", org.hamcrest.Matchers.equalTo("agent-1"));
    }

    @Test
    void referenceSolutionsGoOnlyToAgentsOfASimulatedRunOfTheSuite() {
        // Given a simulated run of tiny, and a run of tiny with a real model's name
        String simulated = start("decentralized", 1, "simulated");
        String real = start("decentralized", 1, "openai/gpt-4o-mini");

        // When / Then
        as("agent-1").get("/api/suites/tiny/tasks/t1/solution?run=" + simulated).then().statusCode(200);
        problem(as("agent-1").get("/api/suites/tiny/tasks/t1/solution").then(), 403, "solution-needs-run");
        problem(as("agent-1").get("/api/suites/tiny/tasks/t1/solution?run=" + real).then(), 403,
                "solution-not-served");
        problem(as("agent-2").get("/api/suites/tiny/tasks/t1/solution?run=" + simulated).then(), 403,
                "agent-not-on-team");
    }

    private static io.restassured.specification.RequestSpecification as(String agent) {
        return given().header("Authorization", TestCredentials.bearer(TestCredentials.agent(agent)));
    }

    private static String start(String architecture, int agents, String model) {
        return post(Map.of("suite", "tiny", "architecture", architecture, "agents", agents, "model", model))
                .statusCode(201).extract().path("id");
    }
}
