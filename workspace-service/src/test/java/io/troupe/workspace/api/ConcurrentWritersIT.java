package io.troupe.workspace.api;

import static io.restassured.RestAssured.given;
import static io.troupe.workspace.api.Workspaces.create;
import static io.troupe.workspace.api.Workspaces.createFile;
import static io.troupe.workspace.api.Workspaces.newRunId;
import static io.troupe.workspace.api.Workspaces.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Many writers of one file at once: the head check and the append must be one atomic step. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class ConcurrentWritersIT {
    private static final int WRITERS = 12;

    @Test
    void ofManyWritersWithTheSameIfMatchExactlyOneWins() throws Exception {
        // Given
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        createFile(run, "shared.py", "agent-0", "base").then().statusCode(201);

        // When
        List<Response> answers = all(IntStream.rangeClosed(1, WRITERS).mapToObj(i -> (Callable<Response>) () ->
                update(run, "shared.py", "agent-" + i, "from agent-" + i, 1)).toList());

        // Then
        assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(answers).filteredOn(r -> r.statusCode() == 412).hasSize(WRITERS - 1)
                .allSatisfy(r -> {
                    assertThat(r.jsonPath().getLong("headVersion")).isEqualTo(2);
                    assertThat(r.jsonPath().getLong("baseVersion")).isEqualTo(1);
                });
        String winner = answers.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow()
                .jsonPath().getString("author");
        given().get("/api/runs/{run}/files/shared.py", run).then().header("ETag", "\"2\"")
                .header("Troupe-Author", winner);
        assertThat(history(run, "shared.py")).containsExactly(1L, 2L);
    }

    @Test
    void ofManyCreatorsOfOneNewFileExactlyOneWins() throws Exception {
        // Given
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);

        // When
        List<Response> answers = all(IntStream.rangeClosed(1, WRITERS).mapToObj(i -> (Callable<Response>) () ->
                createFile(run, "new.py", "agent-" + i, "from agent-" + i)).toList());

        // Then
        assertThat(answers).extracting(Response::statusCode).containsOnly(201, 412)
                .filteredOn(s -> s == 201).hasSize(1);
        assertThat(history(run, "new.py")).containsExactly(1L);
    }

    @Test
    void writersThatRetryOnConflictLoseNoWrite() throws Exception {
        // Given
        String run = newRunId();
        int writesEach = 3;
        create(run, Map.of()).then().statusCode(201);
        createFile(run, "log.txt", "agent-0", "").then().statusCode(201);

        // When: every writer reads the head and writes on it, re-reading after each 412
        all(IntStream.rangeClosed(1, WRITERS).mapToObj(i -> (Callable<Void>) () -> {
            for (int n = 0; n < writesEach; ) {
                var head = given().get("/api/runs/{run}/files/log.txt", run);
                long version = Long.parseLong(head.header("ETag").replace("\"", ""));
                int status = update(run, "log.txt", "agent-" + i, head.asString() + "agent-" + i + "#" + n + "\n",
                        version).statusCode();
                assertThat(status).isIn(200, 412);
                if (status == 200) {
                    n++;
                }
            }
            return null;
        }).toList());

        // Then
        int accepted = WRITERS * writesEach;
        assertThat(history(run, "log.txt")).containsExactlyElementsOf(
                IntStream.rangeClosed(1, accepted + 1).mapToObj(Long::valueOf).toList());
        String head = given().get("/api/runs/{run}/files/log.txt", run).asString();
        assertThat(head.lines()).hasSize(accepted).doesNotHaveDuplicates();
    }

    private static List<Long> history(String run, String path) {
        return given().get("/api/runs/{run}/files/" + path + "/versions", run).then().statusCode(200).extract()
                .jsonPath().getList("version", Long.class);
    }

    /** Runs the calls at once (released together) and returns their results in order. */
    private static <T> List<T> all(List<Callable<T>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }
}
