package io.troupe.workspace.api;

import static io.restassured.RestAssured.given;
import static io.troupe.workspace.api.Workspaces.PROBLEM_JSON;
import static io.troupe.workspace.api.Workspaces.as;
import static io.troupe.workspace.api.Workspaces.create;
import static io.troupe.workspace.api.Workspaces.newRunId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.RawHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or careless client sends the workspace: weak entity tags, over-long headers,
 * paths, commands and lists, wrong JSON types, oversized bodies, URIs and headers. Every refusal
 * is a problem naming what was wrong.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class HostileInputIT {

    static ValidatableResponse problem(ValidatableResponse response, int status, String named) {
        return response.statusCode(status).contentType(startsWith(PROBLEM_JSON)).body("status", equalTo(status))
                .body("title", notNullValue()).body("detail", containsString(named));
    }

    @Test
    void aWeakEntityTagDoesNotPassIfMatch() {
        // Given a file at version 1
        String run = newRunId();
        create(run, Map.of("a.py", "x = 1\n")).then().statusCode(201);

        // When it is updated, or deleted, with the weak form of its ETag
        problem(as("agent-1").header("If-Match", "W/\"1\"").body("x = 2\n").put("/api/runs/{run}/files/a.py", run)
                .then(), 412, "strong comparison");
        problem(as("agent-1").header("If-Match", "W/\"1\"").delete("/api/runs/{run}/files/a.py", run).then(), 412,
                "W/\"1\"");

        // Then the file is unchanged
        given().get("/api/runs/{run}/files/a.py", run).then().statusCode(200).header("ETag", "\"1\"")
                .body(equalTo("x = 1\n"));
    }

    @Test
    void anOverlongAgentHeaderIsRefusedByName() {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        problem(as("a".repeat(65)).body("x").put("/api/runs/{run}/files/a.py", run).then(), 400, "Troupe-Agent")
                .body("violations[0].max", equalTo(64));
        as("a".repeat(64)).body("x").put("/api/runs/{run}/files/a.py", run).then().statusCode(201);
        // Creating a workspace is the operator's: the over-long header is refused by name, not the role.
        problem(given().header("Authorization", io.troupe.testkit.TestCredentials.bearer(
                        io.troupe.testkit.TestCredentials.operator()))
                .header("Troupe-Agent", "a".repeat(65)).contentType(ContentType.JSON).body("{}")
                .put("/api/runs/{run}", newRunId()).then(), 400, "Troupe-Agent");
    }

    @Test
    void workspaceFieldsOverTheirBoundsAreRefusedByName() {
        problem(given().contentType(ContentType.JSON).body(Map.of("testCommand", "t".repeat(2001)))
                .put("/api/runs/{run}", newRunId()).then(), 400, "testCommand");
        problem(given().contentType(ContentType.JSON).body(Map.of("mode", "m".repeat(33)))
                .put("/api/runs/{run}", newRunId()).then(), 400, "mode");
        problem(given().contentType(ContentType.JSON).body("{\"files\": [\"a.py\"]}")
                .put("/api/runs/{run}", newRunId()).then(), 400, "files");
        problem(given().contentType(ContentType.JSON).body("{\"files\": {\"a.py\": {\"text\": 7}}}")
                .put("/api/runs/{run}", newRunId()).then(), 400, "files.a.py");
        problem(given().contentType(ContentType.JSON).body("{\"mode\": \"optimistic\", \"modes\": 1}")
                .put("/api/runs/{run}", newRunId()).then(), 400, "modes");
        problem(given().contentType(ContentType.JSON).body(Map.of("files", Map.of("p".repeat(256), "x")))
                .put("/api/runs/{run}", newRunId()).then(), 400, "more than 255");
    }

    @Test
    void testRunRequestsOverTheirBoundsAreRefusedByName() {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        problem(given().contentType(ContentType.JSON).body(Map.of("paths", List.of("p".repeat(513))))
                .post("/api/runs/{run}/test-runs", run).then(), 400, "paths[0]");
        problem(given().contentType(ContentType.JSON).body(Map.of("paths", java.util.Collections.nCopies(201, "t.py")))
                .post("/api/runs/{run}/test-runs", run).then(), 400, "paths");
        problem(given().contentType(ContentType.JSON).body("{\"paths\": \"tests\"}")
                .post("/api/runs/{run}/test-runs", run).then(), 400, "paths");
    }

    @Test
    void theHttpLayersOwnRefusalsAreProblems() throws Exception {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        problem(given().get("/api/nothing-here").then(), 404, "");
        problem(given().post("/api/runs/{run}/files/a.py", run).then(), 405, "");
        problem(given().accept("image/png").get("/api/runs/{run}/files", run).then(), 406, "");
        problem(given().get("/api/runs/" + run + "/files/" + "d/".repeat(2500) + "a.py").then(), 414, "4096");
        problem(given().header("X-Filler", "f".repeat(20_000)).get("/api/runs/{run}/files", run).then(), 431,
                "16384");
        // 17 MiB announced: over quarkus.http.limits.max-body-size (16M), answered before the body is read
        RawHttp tooLarge = RawHttp.exchange(RestAssured.port, "PUT /api/runs/" + run + "/files/big.txt HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: text/plain\r\nContent-Length: " + 17 * 1024 * 1024);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith(PROBLEM_JSON);
        assertThat(tooLarge.body()).contains("\"status\":413", "max-body-size");
        // over troupe.workspace.max-file-bytes but under the HTTP limit: the workspace's own 413
        problem(as("agent-1").body("x".repeat(2 * 1024 * 1024)).put("/api/runs/{run}/files/big.txt", run).then(),
                413, "").body("status", greaterThanOrEqualTo(413));
    }
}
