package io.troupe.metrics.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
class CriticalPathIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void criticalPathOfARunIsServedWithALinkToItsTrace() throws Exception {
        // Given a run a → b whose start carried the run's trace context
        String run = "run-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        TestEvents.publish(Topics.RUN_EVENTS, new RunStarted(run, null, "tiny", "queue", 2, "m", 2, 2, 0.0, t0,
                Map.of("a", List.of(), "b", List.of("a"))), UUID.randomUUID().toString(),
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
        TestEvents.publish(Topics.TASK_EVENTS, new TaskReady(run, "a", t0));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskClaimed(run, "a", "agent-1", t0));
        TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-1", "a", "m", 2000, 1, 1,
                t0.plusSeconds(2)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskDone(run, "a", "agent-1", t0.plusSeconds(2)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskReady(run, "b", t0.plusSeconds(2)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskClaimed(run, "b", "agent-2", t0.plusSeconds(3)));
        TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-2", "b", "m", 1000, 1, 1,
                t0.plusSeconds(4)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskDone(run, "b", "agent-2", t0.plusSeconds(4)));

        // When the run finishes
        TestEvents.publish(Topics.RUN_EVENTS, new RunFinished(run, "COMPLETED", t0.plusSeconds(4)));

        // Then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/api/runs/{run}/critical-path", run)
                .then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("makespanSeconds", equalTo(4.0f))
                .body("chain.taskId", contains("a", "b"))
                .body("chain.waitedFor", contains("START", "QUEUE"))
                .body("dagCriticalPath", contains("a", "b"))
                .body("matchesDag", equalTo(true))
                .body("breakdown.llmSeconds", equalTo(3.0f))
                .body("breakdown.queueWaitSeconds", equalTo(1.0f))
                .body("traceId", equalTo(TRACE_ID))
                .body("traceUrl", equalTo("http://jaeger.test:16686/trace/" + TRACE_ID)));
    }

    @Test
    void criticalPathOfAnUnknownRunIsANotFoundProblem() {
        given()
                .when().get("/api/runs/{run}/critical-path", "no-such-run")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://troupe.dev/problems/run-not-found"))
                .body("detail", containsString("no-such-run"));
    }

}
