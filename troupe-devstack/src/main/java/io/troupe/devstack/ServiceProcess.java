package io.troupe.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Troupe service run as a child JVM from its module's Quarkus build output
 * ({@code <module>/target/quarkus-app/quarkus-run.jar}), ready once {@code /q/health/ready}
 * answers 200.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildProcess child;
    private final String url;

    private ServiceProcess(ChildProcess child, String url) {
        this.child = child;
        this.url = url;
    }

    /**
     * Starts {@code module} on {@code port} with {@code config} as system properties (Quarkus
     * reads them as configuration), logging to {@code logDir/<module>.log}. The service is told
     * this JVM's pid, so it stops by itself if this JVM dies.
     */
    public static ServiceProcess start(String module, int port, Map<String, String> config, Path logDir,
                                       Duration timeout) {
        Path jar = jarOf(module);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(module + " is not built: " + jar + " is missing; run ./mvnw -q package "
                    + "-DskipTests");
        }
        Map<String, String> props = new TreeMap<>(config);
        props.put("quarkus.http.port", String.valueOf(port));
        props.put("io.troupe.parent-pid", String.valueOf(ProcessHandle.current().pid()));
        List<String> command = new ArrayList<>(List.of(TroupeHome.javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        ChildProcess child = ChildProcess.start(module, command, Map.of(), logDir.resolve(module + ".log"));
        String url = "http://localhost:" + port;
        try {
            child.awaitReady(() -> ready(url), timeout);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
        return new ServiceProcess(child, url);
    }

    public static Path jarOf(String module) {
        return TroupeHome.locate().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String url() {
        return url;
    }

    public ChildProcess process() {
        return child;
    }

    private static boolean ready(String url) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        child.close();
    }

    /** Stops the service, killing it if it has not stopped within {@code grace}. */
    public void close(Duration grace) {
        child.close(grace);
    }
}
