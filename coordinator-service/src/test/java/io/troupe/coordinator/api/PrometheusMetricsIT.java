package io.troupe.coordinator.api;

import static io.restassured.RestAssured.given;
import static io.troupe.coordinator.api.CoordinatorIT.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.support.WorkspaceServiceResource;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.PrometheusText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The board's meters at /q/metrics, against what the REST API says about the same board. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(WorkspaceServiceResource.class)
class PrometheusMetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void activeRunsTasksByStateAndLeaseExpiriesAreScraped() {
        // Given the lease expiries counted so far
        double expiriesBefore = scrape("troupe_lease_expiries_total", "");

        // When a run starts and an agent lets its lease of t1 run out
        String run = post(Map.of("suite", "tiny", "architecture", "decentralized", "agents", 1,
                "limits", Map.of("leaseDuration", 1))).statusCode(201).extract().path("id");
        given().header(TroupeHeaders.AGENT, "agent-1").post("/api/runs/{run}/tasks/t1/claim", run).then()
                .statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't1' }.attempts", equalTo(1)));

        // Then the counter moved, and the gauges agree with the board of every RUNNING run
        assertThat(scrape("troupe_lease_expiries_total", "")).isGreaterThanOrEqualTo(expiriesBefore + 1);
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> running = JsonPath.from(given().get("/api/runs").then().statusCode(200)
                    .extract().asString()).getList("findAll { it.status == 'RUNNING' }");
            assertThat(running).extracting(r -> r.get("id")).contains(run);
            assertThat(scrape("troupe_runs_active", "")).isEqualTo(running.size());
            for (TaskState state : TaskState.values()) {
                long expected = running.stream()
                        .mapToLong(r -> ((Number) ((Map<?, ?>) r.get("board")).get(state.code())).longValue()).sum();
                assertThat(scrape("troupe_tasks", "state=\"" + state.code() + "\"")).as(state.code())
                        .isEqualTo(expected);
            }
        });
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}, as /q/metrics shows them. */
    static double scrape(String name, String label) {
        return PrometheusText.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(), name, label);
    }
}
