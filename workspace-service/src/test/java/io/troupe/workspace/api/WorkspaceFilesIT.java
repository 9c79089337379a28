package io.troupe.workspace.api;

import io.troupe.testkit.TestCredentials;
import static io.restassured.RestAssured.given;
import static io.troupe.workspace.api.Workspaces.PROBLEM_JSON;
import static io.troupe.workspace.api.Workspaces.create;
import static io.troupe.workspace.api.Workspaces.createFile;
import static io.troupe.workspace.api.Workspaces.newRunId;
import static io.troupe.workspace.api.Workspaces.put;
import static io.troupe.workspace.api.Workspaces.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.WriteConflict;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.support.outbox.Outbox;
import io.troupe.testkit.TestEvents;
import io.troupe.workspace.events.WorkspaceEventPublisher;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class WorkspaceFilesIT {
    @Inject
    WorkspaceEventPublisher publisher;

    @Inject
    @DataSource("pg")
    AgroalDataSource dataSource;

    @Test
    void creatingAWorkspaceSeedsItsFilesAndIsIdempotent() {
        String run = newRunId();

        // When
        create(run, Map.of("tests/test_a.py", "def test_a():\n    pass\n"))
                .then().statusCode(201).body("runId", equalTo(run)).body("mode", equalTo("optimistic"))
                .body("files", hasSize(1)).body("files[0].author", equalTo("coordinator"));

        // Then
        create(run, Map.of("other.py", "x = 1\n")).then().statusCode(200).body("files", hasSize(1));
        given().get("/api/runs/{run}/files/tests/test_a.py", run).then().statusCode(200)
                .header("ETag", "\"1\"").header("Troupe-Author", "coordinator")
                .contentType(containsString("text/plain")).body(equalTo("def test_a():\n    pass\n"));
    }

    @Test
    void anUnsupportedModeIsABadRequest() {
        given().contentType(ContentType.JSON).body(Map.of("mode", "pessimistic"))
                .put("/api/runs/{run}", newRunId())
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", endsWith("/unsupported-mode"))
                .body("detail", containsString("use 'optimistic' or 'last-writer-wins'"));
    }

    @Test
    void filesAreCreatedUpdatedAndListedWithTheirHeads() {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);

        // When
        createFile(run, "src/app.py", "agent-1", "v1").then().statusCode(201).header("ETag", "\"1\"")
                .body("version", equalTo(1)).body("author", equalTo("agent-1"));
        update(run, "src/app.py", "agent-2", "v2", 1).then().statusCode(200).header("ETag", "\"2\"")
                .body("version", equalTo(2));

        // Then
        given().get("/api/runs/{run}/files", run).then().statusCode(200)
                .body("", hasSize(1)).body("[0].path", equalTo("src/app.py")).body("[0].version", equalTo(2))
                .body("[0].author", equalTo("agent-2")).body("[0].size", equalTo(2));
        given().get("/api/runs/{run}/files/src/app.py", run).then().header("ETag", "\"2\"")
                .header("Troupe-Author", "agent-2").body(equalTo("v2"));
    }

    @Test
    void everyVersionIsKeptInTheHistory() {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        createFile(run, "a.py", "agent-1", "first").then().statusCode(201);

        // When
        update(run, "a.py", "agent-2", "second", 1).then().statusCode(200);

        // Then
        given().get("/api/runs/{run}/files/a.py/versions", run).then().statusCode(200)
                .body("version", org.hamcrest.Matchers.contains(1, 2))
                .body("author", org.hamcrest.Matchers.contains("agent-1", "agent-2"))
                .body("baseVersion", org.hamcrest.Matchers.contains(null, 1))
                .body("size", org.hamcrest.Matchers.contains(5, 6))
                .body("deleted", org.hamcrest.Matchers.contains(false, false))
                .body("[0].time", org.hamcrest.Matchers.notNullValue())
                .body("[0].sha256", equalTo("a7937b64b8caa58f03721bb6bacf5c78cb235febe0e70b1b84cd99541461a08e"));
        given().get("/api/runs/{run}/files/a.py/versions/1", run).then().statusCode(200)
                .header("ETag", "\"1\"").header("Troupe-Author", "agent-1").body(equalTo("first"));
        given().queryParam("version", 1).get("/api/runs/{run}/files/a.py", run).then().statusCode(200)
                .body(equalTo("first"));
        given().get("/api/runs/{run}/files/a.py/versions/7", run).then().statusCode(404)
                .contentType(PROBLEM_JSON).body("detail", containsString("a.py/versions lists its versions"));
        given().get("/api/runs/{run}/files/nope.py/versions", run).then().statusCode(404)
                .contentType(PROBLEM_JSON).body("type", endsWith("/file-not-found"));
    }

    @Test
    void aDeleteNeedsIfMatchAndLeavesATombstoneInTheKeptHistory() {
        String run = newRunId();
        create(run, Map.of("d.py", "one\n")).then().statusCode(201);
        update(run, "d.py", "agent-1", "two\n", 1).then().statusCode(200);

        // When / Then: no precondition, a stale one, then the head
        given().header("Troupe-Agent", "agent-2").delete("/api/runs/{run}/files/d.py", run).then().statusCode(428)
                .contentType(PROBLEM_JSON).body("detail", containsString("to delete it send If-Match: \"2\""));
        given().header("Troupe-Agent", "agent-2").header("If-Match", "\"1\"").delete("/api/runs/{run}/files/d.py", run)
                .then().statusCode(412).contentType(PROBLEM_JSON).body("headVersion", equalTo(2));
        given().header("Troupe-Agent", "agent-2").header("If-Match", "\"2\"").delete("/api/runs/{run}/files/d.py", run)
                .then().statusCode(200).header("ETag", "\"3\"").body("version", equalTo(3));

        // Then
        given().get("/api/runs/{run}/files/d.py", run).then().statusCode(410).contentType(PROBLEM_JSON)
                .body("type", endsWith("/file-deleted")).body("detail", containsString("deleted by agent-2"));
        given().get("/api/runs/{run}/files", run).then().body("", hasSize(0));
        given().get("/api/runs/{run}/files/d.py/versions", run).then().statusCode(200)
                .body("version", org.hamcrest.Matchers.contains(1, 2, 3))
                .body("deleted", org.hamcrest.Matchers.contains(false, false, true))
                .body("[2].baseVersion", equalTo(2));
        given().get("/api/runs/{run}/files/d.py/versions/2", run).then().statusCode(200).body(equalTo("two\n"));
        given().header("If-Match", "\"3\"").delete("/api/runs/{run}/files/d.py", run).then().statusCode(404)
                .contentType(PROBLEM_JSON).body("detail", containsString("deleted already"));
        createFile(run, "d.py", "agent-3", "three\n").then().statusCode(201).header("ETag", "\"4\"");
        given().get("/api/runs/{run}/files/d.py/versions", run).then().body("[3].baseVersion", equalTo(3));
    }

    @Test
    void aStaleIfMatchIsA412NamingTheHeadAndIsPublishedAsAWriteConflict() {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        createFile(run, "m.py", "agent-1", "a").then().statusCode(201);
        update(run, "m.py", "agent-1", "b", 1).then().statusCode(200);

        // When
        var refused = update(run, "m.py", "agent-2", "c", 1);

        // Then
        refused.then().statusCode(412).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://troupe.dev/problems/write-conflict"))
                .body("headVersion", equalTo(2)).body("headAuthor", equalTo("agent-1")).body("baseVersion", equalTo(1))
                .body("detail", containsString("If-Match: \"2\"")).body("instance", equalTo("/api/runs/" + run
                        + "/files/m.py"));
        given().get("/api/runs/{run}/files/m.py", run).then().body(equalTo("b"));
        var events = TestEvents.await(Topics.WORKSPACE_EVENTS, run,
                seen -> seen.stream().anyMatch(r -> r.event() instanceof WriteConflict)
                        && seen.stream().filter(r -> r.event() instanceof FileWritten).count() == 2,
                Duration.ofSeconds(30));
        assertThat(events).extracting(TestEvents.Received::event).filteredOn(WriteConflict.class::isInstance)
                .singleElement().isInstanceOfSatisfying(WriteConflict.class, c -> {
                    assertThat(c.agentId()).isEqualTo("agent-2");
                    assertThat(c.path()).isEqualTo("m.py");
                    assertThat(c.baseVersion()).isEqualTo(1L);
                    assertThat(c.headVersion()).isEqualTo(2);
                    assertThat(c.headAuthor()).isEqualTo("agent-1");
                });
        assertThat(events).extracting(TestEvents.Received::event).filteredOn(FileWritten.class::isInstance)
                .map(FileWritten.class::cast).extracting(FileWritten::version, FileWritten::baseVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, null),
                        org.assertj.core.groups.Tuple.tuple(2L, 1L));
        assertThat(events).allSatisfy(r -> {
            assertThat(r.record().key()).isEqualTo(run);
            assertThat(r.id()).isNotBlank();
        });
    }

    @Test
    void aWriteCommittedWhileTheServiceIsStoppedBeforeItsRelayIsDeliveredAfterTheRestart() throws Exception {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        // Given the service stopped abruptly between its commits and their sending: its relay is gone (as in
        // a killed process), so whatever it commits now stays in the outbox
        publisher.stopRelay();
        String stored;
        try {
            // When an agent writes a file twice, and another one's write on the first version is refused
            createFile(run, "late.py", "agent-1", "v1").then().statusCode(201);
            update(run, "late.py", "agent-1", "v2", 1).then().statusCode(200);
            update(run, "late.py", "agent-2", "v3", 1).then().statusCode(412);

            // Then all are answered, and their events wait in the outbox, each committed with its write
            List<String[]> rows = outbox(run);
            assertThat(rows).extracting(r -> r[0]).containsExactly(Events.typeOf(FileWritten.class),
                    Events.typeOf(FileWritten.class), Events.typeOf(WriteConflict.class));
            stored = rows.getFirst()[1];
        } finally {
            // When the service starts again on the same database
            publisher.startRelay();
        }

        // Then the restarted relay delivers them, the FileWritten with the id it was stored with, and they
        // leave the outbox
        var events = TestEvents.await(Topics.WORKSPACE_EVENTS, run,
                seen -> seen.stream().anyMatch(r -> r.event() instanceof WriteConflict), Duration.ofSeconds(30));
        assertThat(events).filteredOn(r -> r.event() instanceof FileWritten).extracting(TestEvents.Received::id)
                .startsWith(stored).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox(run).isEmpty());
    }

    /** The rows of {@code run} in the workspace's outbox in append order: type and CloudEvents id. */
    private List<String[]> outbox(String run) throws java.sql.SQLException {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("SELECT event_type, event_id FROM "
                + Outbox.TABLE + " WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, run);
            List<String[]> rows = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return rows;
        }
    }

    @Test
    void creatingAnExistingFileIsA412() {
        String run = newRunId();
        create(run, Map.of("t.py", "x")).then().statusCode(201);

        // When / Then
        createFile(run, "t.py", "agent-1", "y").then().statusCode(412).contentType(PROBLEM_JSON)
                .body("headVersion", equalTo(1)).body("headAuthor", equalTo("coordinator"))
                .body("baseVersion", nullValue()).body("detail", containsString("already exists"));
    }

    @Test
    void writingAnExistingFileWithoutPreconditionIsA428() {
        String run = newRunId();
        create(run, Map.of("t.py", "x")).then().statusCode(201);

        // When / Then
        put(run, "t.py", "agent-1", "y", null, null).then().statusCode(428).contentType(PROBLEM_JSON)
                .body("type", endsWith("/precondition-required")).body("detail", containsString("If-Match: \"1\""));
        put(run, "new.py", "agent-1", "y", null, null).then().statusCode(201).header("ETag", "\"1\"");
    }

    @Test
    void badPathsAreA400() throws Exception {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);

        // When / Then: sent as written, since RestAssured's client would collapse '//' and '..'
        for (String path : new String[] {"a/../b", "/etc/passwd", "a//b", "a/%2E%2E/b", "%2Fetc", "a%5Cb",
                "x".repeat(256), "a%01b.py", "tab%09.py", "new%0Aline.py", "del%7F.py", "c1%C2%85.py"}) {
            HttpResponse<String> answer = putRaw(run, path);
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).contains(PROBLEM_JSON);
            assertThat(answer.body()).contains("/invalid-path", "not a valid workspace path");
        }
        given().contentType(ContentType.JSON).body(Map.of("files", Map.of("../up.py", "x")))
                .put("/api/runs/{run}", newRunId()).then().statusCode(400).body("detail", containsString("'..'"));
        given().get("/api/runs/{run}/files", run).then().body("", hasSize(0));
    }

    private static HttpResponse<String> putRaw(String run, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/runs/" + run + "/files/" + path);
            return client.send(TestCredentials.sign(HttpRequest.newBuilder(uri).header("If-None-Match", "*")
                    .PUT(HttpRequest.BodyPublishers.ofString("x")).build()), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void contentThatIsNotUtf8TextIsA415() {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        byte[] latin1 = "caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        // When / Then
        given().contentType("application/octet-stream").header("If-None-Match", "*").body(latin1)
                .put("/api/runs/{run}/files/a.txt", run).then().statusCode(415).contentType(PROBLEM_JSON)
                .body("type", endsWith("/unsupported-content")).body("detail", containsString("not valid UTF-8"));
        given().contentType("application/octet-stream").header("If-None-Match", "*").body(new byte[] {'a', 0, 'b'})
                .put("/api/runs/{run}/files/a.txt", run).then().statusCode(415)
                .body("detail", containsString("NUL character"));
        given().get("/api/runs/{run}/files", run).then().body("", hasSize(0));
        given().contentType("text/plain; charset=utf-8").header("If-None-Match", "*").body("caf\u00e9 \u2713")
                .put("/api/runs/{run}/files/a.txt", run).then().statusCode(201);
        given().get("/api/runs/{run}/files/a.txt", run).then().body(equalTo("caf\u00e9 \u2713"));
    }

    @Test
    void aRunWithTheMostFilesAllowedRefusesANewOneWith409() {
        // Given: the test profile allows 20 files per run
        String run = newRunId();
        Map<String, String> seed = new java.util.HashMap<>();
        for (int i = 0; i < 19; i++) {
            seed.put("f" + i + ".py", "x");
        }
        create(run, seed).then().statusCode(201);
        createFile(run, "twentieth.py", "agent-1", "x").then().statusCode(201);

        // When / Then
        createFile(run, "one-too-many.py", "agent-1", "x").then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", endsWith("/too-many-files")).body("detail", containsString("at most 20 files"));
        update(run, "f0.py", "agent-1", "y", 1).then().statusCode(200);
        given().header("If-Match", "\"1\"").delete("/api/runs/{run}/files/f1.py", run).then().statusCode(200);
        createFile(run, "one-too-many.py", "agent-1", "x").then().statusCode(201);
        seed.put("f19.py", "x");
        seed.put("f20.py", "x");
        create(newRunId(), seed).then().statusCode(409).body("type", endsWith("/too-many-files"));
    }

    @Test
    void theArchiveIsTheHeadTreeAsTarGz() throws Exception {
        // Given
        String run = newRunId();
        create(run, Map.of("src/app.py", "v1\n", "gone.py", "x", "README.md", "caf\u00e9\n")).then().statusCode(201);
        update(run, "src/app.py", "agent-1", "v2\n", 1).then().statusCode(200);
        given().header("If-Match", "\"1\"").delete("/api/runs/{run}/files/gone.py", run).then().statusCode(200);

        // When
        var answer = given().get("/api/runs/{run}/archive", run);

        // Then
        answer.then().statusCode(200).contentType("application/gzip")
                .header("Content-Disposition", containsString(".tar.gz"));
        Map<String, String> entries = new java.util.TreeMap<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.util.zip.GZIPInputStream(answer.asInputStream()))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("README.md", "caf\u00e9\n",
                "src/app.py", "v2\n")));
        given().get("/api/runs/{run}/archive", newRunId()).then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void unknownRunsAndFilesAreA404() {
        String unknown = newRunId();
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);

        // When / Then
        given().get("/api/runs/{run}/files", unknown).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", endsWith("/run-not-found")).body("detail", containsString("PUT /api/runs/" + unknown));
        createFile(unknown, "a.py", "agent-1", "x").then().statusCode(404).body("type", endsWith("/run-not-found"));
        given().get("/api/runs/{run}/files/nope.py", run).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", endsWith("/file-not-found")).body("detail", containsString("If-None-Match: *"));
        given().queryParam("version", 9).get("/api/runs/{run}/files/nope.py", run).then().statusCode(404);
    }

    @Test
    void aFileOverTheLimitIsA413() {
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);

        // When / Then
        createFile(run, "big.txt", "agent-1", "x".repeat(1024 * 1024 + 1)).then().statusCode(413)
                .contentType(PROBLEM_JSON).body("type", endsWith("/file-too-large"))
                .body("detail", containsString("at most 1048576 bytes"));
        given().get("/api/runs/{run}/files", run).then().body("", hasSize(0));
    }
}
