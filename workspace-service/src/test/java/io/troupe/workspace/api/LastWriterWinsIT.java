package io.troupe.workspace.api;

import static io.restassured.RestAssured.given;
import static io.troupe.workspace.api.Workspaces.createFile;
import static io.troupe.workspace.api.Workspaces.newRunId;
import static io.troupe.workspace.api.Workspaces.put;
import static io.troupe.workspace.api.Workspaces.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.WorkspaceEvent.ConcurrentWrite;
import io.troupe.protocol.events.WorkspaceEvent.FileOverwritten;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.TestEvents;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The last-writer-wins mode: nothing is refused, and every lost update is counted. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class LastWriterWinsIT {

    @Test
    void writesOnAStaleBaseOrNoneAreAcceptedAndRecordedAsOverwritesWithTheDestroyedCharacters() {
        // Given: agent-1 writes three lines, agent-2 updates the head it read
        String run = lastWriterWins();
        createFile(run, "m.py", "agent-1", "alpha\nbeta\ngamma\n").then().statusCode(201);
        update(run, "m.py", "agent-2", "alpha\nBETA\ngamma\n", 1).then().statusCode(200).header("ETag", "\"2\"");

        // When: agent-1 writes on the version it read (1), then agent-3 writes without reading anything
        update(run, "m.py", "agent-1", "alpha\nbeta\ngamma\ndelta\n", 1).then().statusCode(200)
                .header("ETag", "\"3\"");
        put(run, "m.py", "agent-3", "alpha\n", null, null).then().statusCode(200).header("ETag", "\"4\"");
        // and agent-3 rewriting its own version on a stale base is not an overwrite
        update(run, "m.py", "agent-3", "alpha!\n", 3).then().statusCode(200);

        // Then: agent-1 destroyed agent-2's "BETA" (4 characters); agent-3 destroyed beta, gamma, delta (14)
        given().get("/api/runs/{run}/files/m.py", run).then().header("ETag", "\"5\"").body(equalTo("alpha!\n"));
        given().get("/api/runs/{run}/accounting", run).then().statusCode(200)
                .body("versions", equalTo(5)).body("rewrites", equalTo(4)).body("conflicts", equalTo(0))
                .body("overwrites.size()", equalTo(2))
                .body("overwrites[0].agentId", equalTo("agent-1"))
                .body("overwrites[0].otherAgentId", equalTo("agent-2"))
                .body("overwrites[0].otherVersion", equalTo(2)).body("overwrites[0].baseVersion", equalTo(1))
                .body("overwrites[0].amount", equalTo(4))
                .body("overwrites[1].agentId", equalTo("agent-3")).body("overwrites[1].baseVersion", equalTo(null))
                .body("overwrites[1].amount", equalTo(14));
        given().get("/api/runs/{run}/files/m.py/versions", run).then()
                .body("baseVersion", org.hamcrest.Matchers.contains(null, 1, 1, null, 3));
        var events = TestEvents.await(Topics.WORKSPACE_EVENTS, run,
                seen -> seen.stream().filter(r -> r.event() instanceof FileOverwritten).count() == 2,
                Duration.ofSeconds(30));
        assertThat(events).extracting(TestEvents.Received::event).filteredOn(FileOverwritten.class::isInstance)
                .map(FileOverwritten.class::cast)
                .extracting(FileOverwritten::agentId, FileOverwritten::overwrittenAuthor,
                        FileOverwritten::overwrittenVersion, FileOverwritten::version, FileOverwritten::destroyedChars)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("agent-1", "agent-2", 2L, 3L, 4L),
                        org.assertj.core.groups.Tuple.tuple("agent-3", "agent-1", 3L, 4L, 14L));
    }

    @Test
    void twoAgentsWritingOnePathWithinTheWindowAreAConcurrentWrite() {
        // Given
        String run = lastWriterWins();
        createFile(run, "c.py", "agent-1", "one\n").then().statusCode(201);

        // When: another agent writes it right after (well within the 2 s window)
        update(run, "c.py", "agent-2", "two\n", 1).then().statusCode(200);

        // Then
        given().get("/api/runs/{run}/accounting", run).then()
                .body("concurrentWrites.size()", equalTo(1)).body("concurrentWrites[0].agentId", equalTo("agent-2"))
                .body("concurrentWrites[0].otherAgentId", equalTo("agent-1"))
                .body("overwrites.size()", equalTo(0));
        TestEvents.await(Topics.WORKSPACE_EVENTS, run,
                seen -> seen.stream().anyMatch(r -> r.event() instanceof ConcurrentWrite c
                        && c.otherAgentId().equals("agent-1") && c.gapMillis() <= 2000), Duration.ofSeconds(30));
    }

    private static String lastWriterWins() {
        String run = newRunId();
        given().contentType(ContentType.JSON).body(Map.of("mode", "last-writer-wins"))
                .put("/api/runs/{run}", run).then().statusCode(201).body("mode", equalTo("last-writer-wins"));
        return run;
    }
}
