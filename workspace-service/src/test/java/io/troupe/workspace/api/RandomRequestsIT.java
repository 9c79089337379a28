package io.troupe.workspace.api;

import io.troupe.testkit.TestCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.workspace.WorkspacePath;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Property-style test of the file API: a few hundred requests with generated paths (traversal,
 * encoded separators, control characters, odd segments), methods, preconditions and bodies
 * (invalid UTF-8, NUL, oversized). Every answer must be a 2xx, or a 4xx problem detail, and
 * nothing may be written outside the run the request named: another run stays untouched and
 * the run only holds valid paths that an accepted request named. The generator is seeded
 * ({@code -Drandom.seed=} to try other inputs; a failure prints the request).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class RandomRequestsIT {
    private static final long SEED = Long.getLong("random.seed", 20261125L);
    private static final int REQUESTS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FRAGMENTS = List.of("a", "src", "b.py", "tests", "..", ".", "...", "%2e%2e",
            "%2E", "%2f", "%2F..%2F", "%5c", "%5C..", "%00", "%0a", "%1b", "%7f", "%20", "~", "%C3%A9", "%ff",
            "%fe%ff", "+", ";x=1", ":", "::test_one", "versions", "7", "*", "%25", "%252e%252e", ".git", "-rf",
            "a".repeat(120));
    private static final List<String> SEPARATORS = List.of("/", "/", "/", "//", "", "/./", "/../");

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void generatedRequestsGetA2xxOrA4xxProblemAndWriteNothingOutsideTheirRun() throws Exception {
        // Given: the run under attack and a neighbour whose files must never change
        String run = "run-" + UUID.randomUUID();
        String neighbour = "run-" + UUID.randomUUID();
        createWorkspace(run, Map.of("src/app.py", "x = 1\n"));
        createWorkspace(neighbour, Map.of("secret.txt", "do not touch\n"));
        Random random = new Random(SEED);
        Set<String> acceptedPaths = new HashSet<>(Set.of("src/app.py"));
        int accepted = 0;
        int sent = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();

        // When
        for (int i = 0; i < REQUESTS; i++) {
            String method = pick(random, List.of("GET", "PUT", "PUT", "PUT", "DELETE"));
            String runSegment = random.nextInt(10) == 0 ? pick(random, List.of(neighbour + "%2F..%2F" + run,
                    run + "%2F..%2F" + neighbour, "..%2F" + neighbour, "no-such-run", run + "%00")) : run;
            String rawPath = path(random, neighbour);
            String query = random.nextInt(12) == 0 ? "?version=" + pick(random, List.of("1", "0", "-1", "x", "99"))
                    : "";
            URI uri;
            try {
                uri = new URI(base.toString().replaceAll("/$", "") + "/api/runs/" + runSegment + "/files/"
                        + rawPath + query);
            } catch (URISyntaxException e) {
                continue; // not a request an HTTP client can send
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            maybeHeader(random, request, "Troupe-Agent", List.of("agent-1", "agent-2", "a b", "x".repeat(200)));
            maybeHeader(random, request, "If-Match", List.of("\"1\"", "\"2\"", "*", "W/\"1\"", "garbage", "\"-1\""));
            maybeHeader(random, request, "If-None-Match", List.of("*", "\"1\""));
            byte[] body = body(random);
            request.method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofByteArray(body)
                    : HttpRequest.BodyPublishers.noBody());
            HttpResponse<String> response = http.send(TestCredentials.sign(request.build()),
                    HttpResponse.BodyHandlers.ofString());
            sent++;

            // Then: a 2xx, or a 4xx problem detail that says what was wrong
            String what = method + " " + uri + " (request " + i + ", seed " + SEED + ")";
            int status = response.statusCode();
            statuses.merge(status, 1, Integer::sum);
            assertThat(status).as(what).satisfiesAnyOf(s -> assertThat(s).isBetween(200, 299),
                    s -> assertThat(s).isBetween(400, 499));
            if (status >= 400) {
                assertThat(response.headers().firstValue("Content-Type")).as(what)
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                JsonNode problem = JSON.readTree(response.body());
                assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
                assertThat(problem.path("detail").asText()).as(what).isNotBlank();
            } else if (!method.equals("GET")) {
                accepted++;
                acceptedPaths.add(RawPaths.decode(rawPath));
                assertThat(runSegment).as("only the run itself can be written: " + what).isEqualTo(run);
            }
        }

        System.out.printf("random requests (seed %d): %d sent, answers by status %s%n", SEED, sent, statuses);
        // Then: the neighbour is untouched, and the run holds only valid paths accepted requests named
        assertThat(sent).isGreaterThan(REQUESTS * 3 / 4);
        assertThat(accepted).as("some generated writes are valid").isPositive();
        JsonNode other = getJson("/api/runs/" + neighbour + "/accounting");
        assertThat(other.get("versions").asLong()).isEqualTo(1);
        assertThat(getJson("/api/runs/" + neighbour + "/files")).hasSize(1);
        JsonNode mine = getJson("/api/runs/" + run + "/accounting");
        assertThat(mine.get("versions").asLong()).as("versions = seed + accepted writes and deletes")
                .isEqualTo(1 + accepted);
        List<String> listed = new ArrayList<>();
        getJson("/api/runs/" + run + "/files").forEach(f -> listed.add(f.get("path").asText()));
        assertThat(listed).allSatisfy(p -> {
            assertThat(WorkspacePath.of(p).value()).isEqualTo(p);
            assertThat(acceptedPaths).contains(p);
        });
    }

    private static String path(Random random, String neighbour) {
        if (random.nextInt(20) == 0) {
            return "a".repeat(250 + random.nextInt(10)); // around the 255-character limit
        }
        StringBuilder path = new StringBuilder(random.nextInt(8) == 0 ? "/" : "");
        int segments = 1 + random.nextInt(4);
        for (int s = 0; s < segments; s++) {
            if (s > 0) {
                path.append(pick(random, SEPARATORS));
            }
            path.append(random.nextInt(25) == 0 ? "..%2F..%2F" + neighbour : pick(random, FRAGMENTS));
        }
        return path.toString();
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes); // mostly not UTF-8
                yield bytes;
            }
            case 2 -> ("nul\0inside " + random.nextInt()).getBytes(StandardCharsets.UTF_8);
            case 3 -> random.nextInt(6) == 0
                    ? new byte[1024 * 1024 + 1] : "é😀\u202e\r\n".getBytes(StandardCharsets.UTF_8);
            default -> ("print(" + random.nextLong() + ")\n").getBytes(StandardCharsets.UTF_8);
        };
    }

    private static void maybeHeader(Random random, HttpRequest.Builder request, String name, List<String> values) {
        if (random.nextBoolean()) {
            request.header(name, pick(random, values));
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private void createWorkspace(String run, Map<String, String> files) throws IOException, InterruptedException {
        var response = http.send(TestCredentials.sign(HttpRequest.newBuilder(uri("/api/runs/" + run))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("files", files)))).build()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        var response = http.send(TestCredentials.sign(HttpRequest.newBuilder(uri(path)).GET().build()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }
}
