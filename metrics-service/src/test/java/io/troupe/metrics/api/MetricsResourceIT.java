package io.troupe.metrics.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.protocol.events.WorkspaceEvent.WriteConflict;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.SharedBroker;
import io.troupe.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
class MetricsResourceIT {

    @Test
    void metricsOfARunAreFoldedFromAllFourTopicsIgnoringARedeliveredEvent() throws Exception {
        // Given a run of 3 tasks (critical path 2) on 2 agents that took 8 s
        String run = "run-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        TestEvents.publish(Topics.RUN_EVENTS, new RunStarted(run, "exp-7", "tiny", "preassigned", 2,
                "simulated-constant", 3, 2, 1.0 / 3, t0));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskReady(run, "a", t0));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskClaimed(run, "a", "agent-1", t0));
        TurnCompleted redelivered = new TurnCompleted(run, "agent-1", "a", "simulated-constant", 50, 120, 30, t0);
        String fixedId = UUID.randomUUID().toString();
        publishWithId(Topics.AGENT_EVENTS, fixedId, redelivered);
        TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-1", "a", "simulated-constant", 50, 200,
                10, t0));
        TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-2", "b", "simulated-constant", 50, 80,
                40, t0));
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new FileWritten(run, "agent-1", "a.py", 2, 1L, 100, t0));
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new WriteConflict(run, "agent-2", "a.py", 1L, 2, "agent-1", t0));
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new TestRunCompleted(run, "agent-1", "tr-1", 1, 1, 0, 1, false,
                700, t0));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskDone(run, "a", "agent-1", t0));

        // When the run finishes and one turn is delivered a second time with the same ce_id
        TestEvents.publish(Topics.RUN_EVENTS, new RunFinished(run, "COMPLETED", t0.plusSeconds(8)));
        publishWithId(Topics.AGENT_EVENTS, fixedId, redelivered);

        // Then the metrics show every event once (the marker turn proves the duplicate was read)
        TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-2", "c", "simulated-constant", 50, 1, 1,
                t0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/api/runs/{run}/metrics", run)
                .then().statusCode(200)
                .body("runId", equalTo(run))
                .body("experimentId", equalTo("exp-7"))
                .body("suite", equalTo("tiny"))
                .body("architecture", equalTo("preassigned"))
                .body("agents", equalTo(2))
                .body("status", equalTo("COMPLETED"))
                .body("makespanSeconds", equalTo(8.0f))
                .body("taskCount", equalTo(3))
                .body("criticalPath", equalTo(2))
                .body("amdahlBound", equalTo((float) (1 / ((1 - 1.0 / 3) + (1.0 / 3) / 2))))
                .body("tasksDone", equalTo(1))
                .body("turns", equalTo(4))
                .body("inputTokens", equalTo(120 + 200 + 80 + 1))
                .body("outputTokens", equalTo(30 + 10 + 40 + 1))
                .body("filesWritten", equalTo(1))
                .body("writeConflicts", equalTo(1))
                .body("testRuns", equalTo(1))
                .body("testRunsFailed", equalTo(1)));
        given().when().get("/api/runs/metrics")
                .then().statusCode(200)
                .body("runId", hasItem(run));
    }

    @Test
    void metricsOfAnUnknownRunAreANotFoundProblem() {
        given()
                .when().get("/api/runs/{run}/metrics", "no-such-run")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://troupe.dev/problems/run-not-found"))
                .body("status", equalTo(404))
                .body("instance", equalTo("/api/runs/no-such-run/metrics"))
                .body("detail", containsString("no-such-run"));
    }

    @Test
    void unknownPathIsANotFoundProblem() {
        given().accept(ContentType.JSON)
                .when().get("/api/runs/x/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    /** Publishes like {@link TestEvents#publish} but with a chosen ce_id, as a redelivery would carry. */
    private static void publishWithId(String topic, String ceId, TroupeEvent event) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", SharedBroker.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            var record = new ProducerRecord<>(topic, event.runId(), Events.toJson(event));
            record.headers().add("ce_specversion", bytes("1.0"))
                    .add("ce_id", bytes(ceId))
                    .add("ce_type", bytes(Events.typeOf(event)))
                    .add("ce_source", bytes(Events.SOURCE_PREFIX + "test"))
                    .add("ce_time", bytes(Instant.now().toString()))
                    .add("content-type", bytes("application/json"));
            producer.send(record).get();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
