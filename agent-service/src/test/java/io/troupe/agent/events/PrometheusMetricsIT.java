package io.troupe.agent.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.agent.it.PeersResource;
import io.troupe.agent.it.StubLlmResource;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.testkit.KafkaResource;
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
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.contains(label))
                .mapToDouble(PrometheusMetricsIT::value)
                .sum();
    }

    /** The value of a sample line {@code name{labels} value [timestamp] [# exemplar]}. */
    private static double value(String line) {
        String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
        String afterName = sample.contains("{") ? sample.substring(sample.indexOf('}') + 1) : sample.split(" ", 2)[1];
        return Double.parseDouble(afterName.trim().split("\\s+")[0]);
    }
}
