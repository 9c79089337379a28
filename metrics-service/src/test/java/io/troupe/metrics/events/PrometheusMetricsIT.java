package io.troupe.metrics.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PrometheusText;
import io.troupe.testkit.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
class PrometheusMetricsIT {

    @Test
    void foldedEventsAreCountedByFamilyAtQMetrics() {
        // Given the run-event count as Prometheus scrapes it now
        double before = scrape("troupe_events_total", "family=\"run\"");

        // When one more run starts
        String run = "run-" + UUID.randomUUID();
        TestEvents.publish(Topics.RUN_EVENTS, new RunStarted(run, null, "tiny", "preassigned", 1,
                "simulated-constant", 3, 2, 1.0 / 3, Instant.now()));

        // Then the counter moved by exactly that event
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertEquals(before + 1, scrape("troupe_events_total", "family=\"run\""), 0.0));
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}, as /q/metrics shows them. */
    static double scrape(String name, String label) {
        return PrometheusText.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(), name, label);
    }
}
