package io.troupe.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Conditional writes per second through the workspace's HTTP API: each of {@code writers} threads creates its own
 * file ({@code If-None-Match: *}) and then updates it with {@code If-Match} on the version it was answered, so
 * every write is accepted and what is measured is the versioned write with its commit and its event.
 */
final class WriteBench {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String workspaceUrl;
    private final String runId;
    private final String token;

    /** One level: its writers, the writes accepted, their rate and latencies. */
    record Level(int writers, long writes, long errors, double perSecond, double p50Millis, double p99Millis) {
    }

    /** Writes into {@code runId}'s workspace with {@code token}, an agent token of a member of its team. */
    WriteBench(String workspaceUrl, String runId, String token) {
        this.workspaceUrl = workspaceUrl;
        this.runId = runId;
        this.token = token;
    }

    /** {@code writers} writers for {@code duration}, each on a file of its own under {@code prefix}. */
    Level measure(String prefix, int writers, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long begin = System.nanoTime();
        List<Double> latencies = new ArrayList<>();
        long errors = 0;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Writer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                URI file = URI.create(workspaceUrl + "/api/runs/" + runId + "/files/" + prefix + "/w" + w + ".txt");
                results.add(pool.submit(() -> write(file, end)));
            }
            for (Future<Writer> result : results) {
                Writer writer = result.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
                latencies.addAll(writer.millis());
                errors += writer.errors();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new TroupeClient.ClientException("a writer failed: " + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TroupeClient.ClientException("a writer did not finish within a minute of its time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TroupeClient.ClientException("interrupted while writing");
        } finally {
            pool.shutdownNow();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - begin);
        return new Level(writers, latencies.size(), errors, ThroughputBench.perSecond(latencies.size(), wall),
                ThroughputBench.percentile(latencies, 0.50), ThroughputBench.percentile(latencies, 0.99));
    }

    /** What one writer did: each accepted write's latency, and the writes refused or failed. */
    private record Writer(List<Double> millis, long errors) {
    }

    /**
     * One writer's loop: creates its file, then updates it until {@code end}. A write answered with anything but
     * 200/201 (a 500 when the workspace's connection pool is exhausted) is counted as an error, and the writer reads
     * its file's head version again before it goes on.
     */
    private Writer write(URI file, long end) throws IOException, InterruptedException {
        List<Double> millis = new ArrayList<>();
        long errors = 0;
        String tag = null;
        for (int n = 0; System.nanoTime() < end; n++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(file).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.ofString("write " + n + "\n"));
            request.header(tag == null ? "If-None-Match" : "If-Match", tag == null ? "*" : tag);
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t0;
            if (response.statusCode() == 200 || response.statusCode() == 201) {
                tag = response.headers().firstValue("ETag").orElseThrow(() -> new IOException("no ETag from " + file));
                millis.add(took / 1e6);
            } else {
                errors++;
                tag = head(file);
            }
        }
        return new Writer(millis, errors);
    }

    /** The file's head version as an ETag; null if it does not exist. */
    private String head(URI file) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(file).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200 ? response.headers().firstValue("ETag").orElse(null) : null;
    }
}
