package io.troupe.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.troupe.coordinator.support.WorkspaceServiceResource;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a hostile or careless client sends the coordinator: every bounded field over and under its
 * limit, wrong JSON types, over-long strings and headers, oversized URIs and headers, unknown
 * routes and methods, and the cancel of a large experiment. Every refusal is a problem that names
 * the field. Same test resources as {@link CoordinatorIT}, so the app boots once.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(WorkspaceServiceResource.class)
class HostileInputIT {
    private static final String PROBLEM = "application/problem+json";
    private static final String RUN = "\"suite\": \"tiny\", \"architecture\": \"preassigned\", \"agents\": 1";

    /** A problem answer whose detail names {@code field}. */
    static ValidatableResponse problem(ValidatableResponse response, int status, String field) {
        return response.statusCode(status).contentType(startsWith(PROBLEM))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", containsString(field));
    }

    static Stream<Arguments> runFieldsOverTheirBounds() {
        String long65 = "x".repeat(65);
        return Stream.of(
                Arguments.of("\"suite\": \"" + long65 + "\", \"agents\": 1", "suite"),
                Arguments.of(RUN + ", \"experimentId\": \"" + long65 + "\"", "experimentId"),
                Arguments.of("\"suite\": \"tiny\", \"agents\": 1, \"architecture\": \"" + long65 + "\"",
                        "architecture"),
                Arguments.of(RUN + ", \"profile\": \"" + long65 + "\"", "profile"),
                Arguments.of(RUN + ", \"workspaceMode\": \"" + long65 + "\"", "workspaceMode"),
                Arguments.of(RUN + ", \"timeScale\": 1e9", "timeScale"),
                Arguments.of(RUN + ", \"timeScale\": 0", "timeScale"),
                Arguments.of("\"suite\": \"tiny\", \"agents\": 0", "agents"),
                Arguments.of("\"suite\": \"tiny\", \"agents\": 100000", "agents"),
                Arguments.of("\"suite\": \"tiny\", \"agents\": 2.5", "agents"),
                Arguments.of("\"suite\": \"tiny\", \"agents\": \"x\"", "agents"),
                Arguments.of("\"suite\": \"tiny\", \"agents\": \"2\"", "agents"),
                Arguments.of("\"suite\": true, \"agents\": 1", "suite"),
                Arguments.of("\"suite\": 2.5, \"agents\": 1", "suite"),
                Arguments.of(RUN + ", \"seed\": 1.5", "seed"),
                Arguments.of(RUN + ", \"model\": {\"provider\": \"" + long65 + "\", \"name\": \"m\"}",
                        "model.provider"),
                Arguments.of(RUN + ", \"model\": {\"provider\": \"openai\", \"name\": \"" + "m".repeat(129) + "\"}",
                        "model.name"),
                Arguments.of(RUN + ", \"model\": \"openai/" + "m".repeat(129) + "\"", "model.name"),
                Arguments.of(RUN + ", \"model\": {\"provider\": \"simulated\", \"latencyMillis\": 1000000000}",
                        "model.latencyMillis"),
                Arguments.of(RUN + ", \"model\": {\"provider\": \"simulated\", \"latencyMillis\": 2.5}",
                        "model.latencyMillis"),
                Arguments.of(RUN + ", \"limits\": {\"runTimeout\": \"PT9999999999999H\"}", "limits.runTimeout"),
                Arguments.of(RUN + ", \"limits\": {\"runTimeout\": \"P8D\"}", "limits.runTimeout"),
                Arguments.of(RUN + ", \"limits\": {\"runTimeout\": 1e300}", "limits.runTimeout"),
                Arguments.of(RUN + ", \"limits\": {\"runTimeout\": 0.5}", "limits.runTimeout"),
                Arguments.of(RUN + ", \"limits\": {\"leaseDuration\": \"P2D\"}", "limits.leaseDuration"),
                Arguments.of(RUN + ", \"limits\": {\"maxTurns\": 2147483647}", "limits.maxTurns"),
                Arguments.of(RUN + ", \"limits\": {\"maxTurns\": 0}", "limits.maxTurns"),
                Arguments.of(RUN + ", \"limits\": {\"maxTurns\": \"x\"}", "limits.maxTurns"),
                Arguments.of(RUN + ", \"limits\": {\"maxTokens\": 1000000000000}", "limits.maxTokens"),
                Arguments.of(RUN + ", \"limits\": {\"maxTurn\": 5}", "maxTurn"),
                Arguments.of(RUN + ", \"limits\": 5", "limits"),
                Arguments.of(RUN + ", \"overrides\": [{\"agent\": 0, \"slowdown\": 1e9}]", "slowdown"),
                Arguments.of(RUN + ", \"overrides\": [{\"agent\": 0, \"timeScale\": 1e9}]", "timeScale"),
                Arguments.of(RUN + ", \"overrides\": [{\"agent\": 0, \"stallProbability\": 2}]", "stallProbability"),
                Arguments.of(RUN + ", \"overrides\": [{\"agent\": 0, \"maxTurns\": 2.5}]", "maxTurns"),
                Arguments.of(RUN + ", \"overrides\": [{\"agent\": 0, \"profile\": \"" + long65 + "\"}]", "profile"),
                Arguments.of(RUN + ", \"overrides\": \"x\"", "overrides"),
                Arguments.of(RUN + ", \"agentz\": 2", "agentz"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("runFieldsOverTheirBounds")
    void aRunFieldOutsideItsBoundsIsRefusedByName(String fields, String named) {
        problem(given().contentType(ContentType.JSON).body("{" + fields + "}").post("/api/runs").then(), 400,
                named);
    }

    @Test
    void aRunAtEveryUpperBoundIsAccepted() {
        // When a run asks for the most of everything a run may have
        String run = given().contentType(ContentType.JSON).body("{" + RUN + ", \"experimentId\": \""
                        + "e".repeat(64) + "\", \"timeScale\": 100, \"model\": {\"provider\": \"simulated\", "
                        + "\"latencyMillis\": 600000}, \"limits\": {\"runTimeout\": \"PT168H\", \"leaseDuration\": "
                        + "86400, \"maxTurns\": 10000, \"maxTokens\": 100000000}, \"overrides\": [{\"agent\": 0, "
                        + "\"slowdown\": 100, \"stallProbability\": 1}]}")
                .post("/api/runs").then().statusCode(201).extract().path("id");

        // Then it is accepted, and a reason over its limit cannot cancel it but one within can
        problem(given().contentType(ContentType.JSON).body("{\"reason\": \"" + "r".repeat(501) + "\"}")
                .post("/api/runs/{run}/cancel", run).then(), 400, "reason");
        given().contentType(ContentType.JSON).body("{\"reason\": \"" + "r".repeat(500) + "\"}")
                .post("/api/runs/{run}/cancel", run).then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void anOverlongAgentHeaderIsRefusedByName() {
        problem(given().header(TroupeHeaders.AGENT, "a".repeat(65)).post("/api/runs/r/tasks/t1/claim").then(), 400,
                TroupeHeaders.AGENT).body("violations[0].max", equalTo(64));
        problem(given().header(TroupeHeaders.AGENT, "lead").contentType(ContentType.JSON)
                .body("{\"agent\": \"" + "a".repeat(65) + "\"}").post("/api/runs/r/tasks/t1/assign").then(), 400,
                "agent");
    }

    static Stream<Arguments> experimentsOverTheirBounds() {
        String cell = "\"suites\": [\"tiny\"], \"teamSizes\": [1], \"architectures\": [\"preassigned\"]";
        String elevenSizes = IntStream.rangeClosed(1, 11).mapToObj(String::valueOf).reduce((a, b) -> a + ", " + b)
                .orElseThrow();
        return Stream.of(
                Arguments.of(cell + ", \"repetitions\": 2147483647", "repetitions"),
                Arguments.of(cell + ", \"repetitions\": 200000", "repetitions"),
                Arguments.of(cell + ", \"repetitions\": 0", "repetitions"),
                Arguments.of(cell + ", \"repetitions\": 1.5", "repetitions"),
                Arguments.of("\"suites\": [\"tiny\"], \"teamSizes\": [0], \"architectures\": [\"queue\"]",
                        "teamSizes[0]"),
                Arguments.of("\"suites\": [\"" + "s".repeat(65) + "\"], \"teamSizes\": [1], \"architectures\": "
                        + "[\"queue\"]", "suites[0]"),
                Arguments.of("\"suites\": \"tiny\", \"teamSizes\": [1], \"architectures\": [\"queue\"]", "suites"),
                Arguments.of("\"suites\": [\"tiny\"], \"teamSizes\": [" + elevenSizes + "], \"architectures\": "
                        + "[\"preassigned\"], \"repetitions\": 100", "1100 runs"),
                Arguments.of(cell + ", \"limits\": {\"runTimeout\": \"PT9999999999999H\"}", "limits.runTimeout"),
                Arguments.of(cell + ", \"repetition\": 5", "repetition"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("experimentsOverTheirBounds")
    void anExperimentOutsideItsBoundsIsRefusedByName(String fields, String named) {
        problem(given().contentType(ContentType.JSON).body("{" + fields + "}").post("/api/experiments").then(), 400,
                named);
    }

    @Test
    void cancellingALargeExperimentStartsNoMoreRuns() {
        // Given an experiment of the most runs allowed, 1000, of which the first is running
        String sizes = IntStream.rangeClosed(1, 10).mapToObj(String::valueOf).reduce((a, b) -> a + ", " + b)
                .orElseThrow();
        var created = given().contentType(ContentType.JSON).body("{\"suites\": [\"tiny\"], \"teamSizes\": [" + sizes
                + "], \"architectures\": [\"preassigned\"], \"repetitions\": 100}").post("/api/experiments").then()
                .statusCode(201).body("progress.planned", equalTo(1000)).body("progress.started", equalTo(1));
        String experiment = created.extract().path("id");
        String first = created.extract().path("runs[0].runId");

        // When it is cancelled
        given().contentType(ContentType.JSON).body("{\"reason\": \"too big\"}")
                .post("/api/experiments/{e}/cancel", experiment).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("reason", containsString("too big"));

        // Then its running run is cancelled, and no other run starts while experiments are polled (every 200 ms)
        given().get("/api/runs/{run}", first).then().body("status", equalTo("CANCELLED"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> given()
                .get("/api/experiments/{e}", experiment).then().extract().<Integer>path("progress.started"),
                started -> started == 1);
        // and a second cancel is refused, as is a cancel of an unknown experiment
        problem(given().post("/api/experiments/{e}/cancel", experiment).then(), 409, "CANCELLED");
        problem(given().delete("/api/experiments/{e}", "exp-nope").then(), 404, "exp-nope");
    }

    @Test
    void deletingAnExperimentCancelsIt() {
        String experiment = given().contentType(ContentType.JSON).body("{\"suites\": [\"tiny\"], \"teamSizes\": [1],"
                + " \"architectures\": [\"preassigned\"], \"repetitions\": 2}").post("/api/experiments").then()
                .statusCode(201).extract().path("id");
        given().delete("/api/experiments/{e}", experiment).then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("progress.CANCELLED", equalTo(1));
    }

    @Test
    void theHttpLayersOwnRefusalsAreProblems() {
        problem(given().get("/api/nothing-here").then(), 404, "");
        problem(given().delete("/api/runs").then(), 405, "");
        problem(given().contentType(ContentType.TEXT).body("suite=tiny").post("/api/runs").then(), 415, "");
        problem(given().accept("image/png").get("/api/runs").then(), 406, "");
        problem(given().contentType(ContentType.JSON).body("{\"suite\": ").post("/api/runs").then(), 400, "JSON");
        problem(given().contentType(ContentType.JSON).body("[]").post("/api/runs").then(), 400, "object");
        problem(given().get("/api/runs/" + "r".repeat(5000)).then(), 414, "4096")
                .body("max", equalTo(4096));
        problem(given().header("X-Filler", "f".repeat(20_000)).get("/api/runs").then(), 431, "16384");
    }

    @Test
    void everyRouteAnswersMalformedInputWithAProblem() {
        List<String[]> routes = List.of(
                new String[] {"POST", "/api/runs"},
                new String[] {"POST", "/api/runs/r/cancel"},
                new String[] {"POST", "/api/runs/r/tasks/t/claim"},
                new String[] {"POST", "/api/runs/r/tasks/t/renew"},
                new String[] {"POST", "/api/runs/r/tasks/t/complete"},
                new String[] {"POST", "/api/runs/r/tasks/t/assign"},
                new String[] {"POST", "/api/experiments"},
                new String[] {"POST", "/api/experiments/e/cancel"},
                new String[] {"DELETE", "/api/experiments/e"},
                new String[] {"POST", "/api/suites"},
                new String[] {"POST", "/api/suites/import"},
                new String[] {"GET", "/api/runs/r"},
                new String[] {"GET", "/api/suites/s"},
                new String[] {"GET", "/api/experiments/e"});
        for (String[] route : routes) {
            for (String body : List.of("{", "[1, 2]", "\"text\"", "{\"epoch\": \"x\", \"agent\": [1]}")) {
                ValidatableResponse response = given().contentType(ContentType.JSON).body(body)
                        .header(TroupeHeaders.AGENT, "agent-1").request(route[0], route[1]).then();
                response.statusCode(not(org.hamcrest.Matchers.lessThan(400))).contentType(startsWith(PROBLEM))
                        .body("status", notNullValue()).body("title", notNullValue()).body("detail", notNullValue());
            }
        }
    }
}
