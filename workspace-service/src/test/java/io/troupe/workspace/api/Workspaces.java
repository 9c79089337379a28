package io.troupe.workspace.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** The workspace API as the tests call it. */
final class Workspaces {
    static final String PROBLEM_JSON = "application/problem+json";

    private Workspaces() {
    }

    static String newRunId() {
        return "run-" + UUID.randomUUID();
    }

    static Response create(String run, Map<String, String> files) {
        return given().contentType(ContentType.JSON).header("Troupe-Agent", "coordinator")
                .body(Map.of("mode", "optimistic", "testCommand", "python3 -m pytest -q", "files", files))
                .put("/api/runs/{run}", run);
    }

    static RequestSpecification as(String agent) {
        return given().contentType("text/plain; charset=UTF-8").header("Troupe-Agent", agent);
    }

    static Response put(String run, String path, String agent, String content, String ifMatch, String ifNoneMatch) {
        RequestSpecification request = as(agent).urlEncodingEnabled(false).body(content);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        if (ifNoneMatch != null) {
            request = request.header("If-None-Match", ifNoneMatch);
        }
        return request.put("/api/runs/" + run + "/files/" + path);
    }

    static Response createFile(String run, String path, String agent, String content) {
        return put(run, path, agent, content, null, "*");
    }

    static Response update(String run, String path, String agent, String content, long base) {
        return put(run, path, agent, content, "\"" + base + "\"", null);
    }
}
