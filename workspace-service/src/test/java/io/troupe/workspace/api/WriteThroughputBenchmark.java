package io.troupe.workspace.api;

import io.troupe.testkit.TestCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Conditional writes per second over HTTP against PostgreSQL, with 1, 8 and 64 concurrent
 * writers, each updating its own file with {@code If-Match} (so every write is accepted and
 * what is measured is the check-and-append itself, with its event), with p50 / p99 latency.
 * Not part of the build (its name matches neither *Test nor *IT); run it with
 * <pre>
 * ./mvnw -q -o -pl workspace-service test -Dtest=WriteThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dbench.seconds=} sets the measured time per level (default 10, after 2 s of warm-up).
 */
@QuarkusTest
@TestProfile(WriteThroughputBenchmark.Profile.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class WriteThroughputBenchmark {
    /** The test profile's file limit per run (20) is below the 64 writers' files. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troupe.workspace.max-files", "1000", "quarkus.log.category.\"io.troupe\".level", "WARN");
        }
    }

    private static final int[] WRITERS = {1, 8, 64};
    private static final Duration MEASURED = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Level(int writers, long writes, double perSecond, double p50Millis, double p99Millis) {
    }

    @Test
    void conditionalWritesPerSecond() throws Exception {
        measure(8, WARM_UP);
        List<Level> levels = new ArrayList<>();
        for (int writers : WRITERS) {
            levels.add(measure(writers, MEASURED));
        }
        System.out.printf("%nConditional writes over HTTP on PostgreSQL (%d s per level, %d cores):%n",
                MEASURED.toSeconds(), Runtime.getRuntime().availableProcessors());
        System.out.printf("%8s %10s %12s %10s %10s%n", "writers", "writes", "writes/s", "p50 ms", "p99 ms");
        for (Level l : levels) {
            System.out.printf("%8d %10d %12.1f %10.1f %10.1f%n", l.writers(), l.writes(), l.perSecond(),
                    l.p50Millis(), l.p99Millis());
        }
        assertThat(levels).allSatisfy(l -> assertThat(l.writes()).isPositive());
    }

    private Level measure(int writers, Duration duration) throws Exception {
        String run = "bench-" + UUID.randomUUID();
        Map<String, String> files = new HashMap<>();
        for (int w = 0; w < writers; w++) {
            files.put("bench/w" + w + ".txt", "0\n");
        }
        var created = http.send(TestCredentials.sign(HttpRequest.newBuilder(uri("/api/runs/" + run))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("files", files)))).build()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        List<long[]> latencies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<long[]>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                URI file = uri("/api/runs/" + run + "/files/bench/w" + w + ".txt");
                String agent = "bench-" + w;
                results.add(pool.submit(() -> {
                    long[] nanos = new long[1 << 16];
                    int n = 0;
                    long version = 1;
                    while (System.nanoTime() < end && n < nanos.length) {
                        long t0 = System.nanoTime();
                        var response = http.send(TestCredentials.sign(HttpRequest.newBuilder(file)
                                .header("Troupe-Agent", agent).header("If-Match", "\"" + version + "\"")
                                .PUT(HttpRequest.BodyPublishers.ofString(agent + " " + n + "\n")).build()),
                                HttpResponse.BodyHandlers.discarding());
                        nanos[n++] = System.nanoTime() - t0;
                        assertThat(response.statusCode()).isEqualTo(200);
                        version++;
                    }
                    return Arrays.copyOf(nanos, n);
                }));
            }
            for (Future<long[]> f : results) {
                latencies.add(f.get());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Level(writers, all.length, all.length / seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }
}
