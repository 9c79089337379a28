package io.troupe.agent.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.agent.it.PeersResource;
import io.troupe.agent.it.StubLlmResource;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PrometheusText;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Turns and tokens at /q/metrics, counted as the agent loop publishes its turns. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class PrometheusMetricsIT {

    @Inject
    AgentEvents events;

    @Test
    void aPublishedTurnMovesTheTurnAndTokenCounters() {
        // Given the counts as Prometheus scrapes them now
        double turns = scrape("troupe_turns_total", "model=\"claude-sonnet-4-6\"");
        double input = scrape("troupe_tokens_total", "direction=\"input\"");
        double output = scrape("troupe_tokens_total", "direction=\"output\"");

        // When an agent's turn of 1200 tokens in and 300 out is published
        events.publish(new TurnCompleted("run-" + UUID.randomUUID(), "agent-1", "t1", "claude-sonnet-4-6", 40, 1200,
                300, Instant.now()));

        // Then every counter moved by that turn
        assertThat(scrape("troupe_turns_total", "model=\"claude-sonnet-4-6\"")).isEqualTo(turns + 1);
        assertThat(scrape("troupe_tokens_total", "direction=\"input\"")).isEqualTo(input + 1200);
        assertThat(scrape("troupe_tokens_total", "direction=\"output\"")).isEqualTo(output + 300);
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}, as /q/metrics shows them. */
    static double scrape(String name, String label) {
        return PrometheusText.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(), name, label);
    }
}
