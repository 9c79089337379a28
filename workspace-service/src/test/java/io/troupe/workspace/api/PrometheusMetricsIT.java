package io.troupe.workspace.api;

import static io.restassured.RestAssured.given;
import static io.troupe.workspace.api.Workspaces.create;
import static io.troupe.workspace.api.Workspaces.createFile;
import static io.troupe.workspace.api.Workspaces.newRunId;
import static io.troupe.workspace.api.Workspaces.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.PrometheusText;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class PrometheusMetricsIT {

    @Test
    void aRefusedConditionalWriteMovesTheWriteConflictCounter() {
        // Given a file at version 2, and the conflict count as Prometheus scrapes it now
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        createFile(run, "a.py", "agent-1", "x = 1\n").then().statusCode(201);
        update(run, "a.py", "agent-1", "x = 2\n", 1).then().statusCode(200);
        double before = scrape("troupe_write_conflicts_total");

        // When another agent writes on top of version 1
        update(run, "a.py", "agent-2", "x = 3\n", 1).then().statusCode(412);

        // Then the counter moved by one
        assertEquals(before + 1, scrape("troupe_write_conflicts_total"), 0.0);
    }

    /** The sum of the samples of {@code name}, as /q/metrics shows them. */
    static double scrape(String name) {
        return PrometheusText.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(), name, "");
    }
}
