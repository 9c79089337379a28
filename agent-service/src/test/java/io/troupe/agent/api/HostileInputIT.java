package io.troupe.agent.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.troupe.agent.it.PeersResource;
import io.troupe.agent.it.StubLlmResource;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or careless client sends the agent service's API: over-long ids, unknown routes
 * and methods, oversized URIs, headers and bodies. Every refusal is a problem. Same test resources
 * as the other agent-service tests, so the app boots once.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class HostileInputIT {
    private static final String PROBLEM = "application/problem+json";

    static ValidatableResponse problem(ValidatableResponse response, int status, String named) {
        return response.statusCode(status).contentType(startsWith(PROBLEM)).body("status", equalTo(status))
                .body("title", notNullValue()).body("detail", containsString(named));
    }

    @Test
    void anOverlongAgentIdIsRefusedByName() {
        problem(given().get("/api/agents/{agent}", "a".repeat(65)).then(), 400, "agent")
                .body("violations[0].in", equalTo("path")).body("violations[0].max", equalTo(64));
        problem(given().get("/api/agents/{agent}", "agent-999").then(), 404, "agent-999");
    }

    @Test
    void theHttpLayersOwnRefusalsAreProblems() throws Exception {
        problem(given().get("/api/nothing-here").then(), 404, "");
        problem(given().post("/api/agents").then(), 405, "");
        problem(given().accept("image/png").get("/api/agents").then(), 406, "");
        problem(given().get("/api/agents/" + "a".repeat(5000)).then(), 414, "4096");
        problem(given().header("X-Filler", "f".repeat(20_000)).get("/api/agents").then(), 431, "16384");
        RawHttp tooLarge = RawHttp.exchange(RestAssured.port, "POST /api/agents HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000000");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith(PROBLEM);
        assertThat(tooLarge.body()).contains("\"status\":413", "65536");
    }
}
