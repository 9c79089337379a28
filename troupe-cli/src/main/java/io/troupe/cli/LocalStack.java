package io.troupe.cli;

import io.troupe.devstack.BrokerProcess;
import io.troupe.devstack.ServiceProcess;
import io.troupe.protocol.Topics;
import io.troupe.protocol.auth.Credentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole system on this machine: a Kafka broker and the four services, each a child process
 * logging under {@code runDir/logs}, with their data under {@code runDir/data} (the coordinator's
 * and the workspace's embedded PostgreSQL, which each starts and which stops with it).
 * {@link #close()} stops them all and is safe to call twice (a shutdown hook calls it on Ctrl-C).
 */
public final class LocalStack implements AutoCloseable {
    /** Topic partitions: the largest team that can run without two agents sharing one. */
    public static final int PARTITIONS = 16;
    private static final Duration SERVICE_START = Duration.ofSeconds(120);
    private static final Duration SERVICE_STOP = Duration.ofSeconds(2);

    private final BrokerProcess broker;
    private final Map<String, ServiceProcess> services;
    private final Path runDir;
    private final Credentials credentials;
    /** How each service was started (its port and configuration), to start it again: {@link #restart}. */
    private final Map<String, Launch> launches;
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Launch(int port, Map<String, String> config, Path logs) {
    }

    private LocalStack(BrokerProcess broker, Map<String, ServiceProcess> services, Path runDir,
                       Credentials credentials, Map<String, Launch> launches) {
        this.broker = broker;
        // In start order; restart replaces an entry from the caller's thread.
        this.services = Collections.synchronizedMap(new LinkedHashMap<>(services));
        this.runDir = runDir;
        this.credentials = credentials;
        this.launches = Map.copyOf(launches);
    }

    /** Where the services listen unless told otherwise: this host only. */
    public static final String LOOPBACK = "127.0.0.1";

    /** How the workspace isolates test runs: as configured (bubblewrap; refused without it), or not at all. */
    public enum TestSandbox {
        /** The workspace's default: bubblewrap; without it, test runs are refused. */
        DEFAULT,
        /**
         * The workspace's explicit trusted mode (troupe.workspace.sandbox=trusted): plain processes on the
         * warm pytest fork server, for code Troupe ships or the user wrote (a sweep's simulated agents
         * write the suites' reference solutions), never for a model's code.
         */
        TRUSTED
    }

    /**
     * Starts the broker, then the four services side by side (they only need each other's URLs,
     * which are known in advance, not each other's readiness).
     */
    public static LocalStack start(Path runDir, StackPorts ports, int agentWorkers, double timeScale) {
        return start(runDir, ports, agentWorkers, timeScale, TestSandbox.DEFAULT);
    }

    public static LocalStack start(Path runDir, StackPorts ports, int agentWorkers, double timeScale,
                                   TestSandbox sandbox) {
        return start(runDir, ports, agentWorkers, timeScale, sandbox, LOOPBACK);
    }

    /**
     * As above, the services listening on {@code bind} (an address of this host; {@code 0.0.0.0}
     * for every interface). The stack's credentials are generated fresh and written to
     * {@link StackCredentials#FILE} in {@code runDir}, readable by the owner only.
     */
    public static LocalStack start(Path runDir, StackPorts ports, int agentWorkers, double timeScale,
                                   TestSandbox sandbox, String bind) {
        return start(runDir, ports, agentWorkers, timeScale, sandbox, bind, Map.of());
    }

    /**
     * As above, each service also given the settings {@code extra} holds for its module (a benchmark's larger
     * teams: {@code troupe.max-agents} for the coordinator).
     */
    public static LocalStack start(Path runDir, StackPorts ports, int agentWorkers, double timeScale,
                                   TestSandbox sandbox, String bind, Map<String, Map<String, String>> extra) {
        Credentials credentials = Credentials.generate();
        StackCredentials.write(runDir, credentials);
        Path logs = runDir.resolve("logs");
        BrokerProcess broker = BrokerProcess.start(logs, ports.kafka(), Topics.withPartitions(PARTITIONS),
                PARTITIONS);
        String kafka = broker.bootstrapServers();
        String data = runDir.resolve("data").toAbsolutePath().toString();
        String coordinatorUrl = "http://localhost:" + ports.coordinator();
        String workspaceUrl = "http://localhost:" + ports.workspace();
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        configs.put("coordinator-service", Map.of("troupe.workspace-url", workspaceUrl, "troupe.data-dir", data));
        configs.put("workspace-service", sandbox == TestSandbox.TRUSTED
                ? Map.of("troupe.data-dir", data, "troupe.workspace.sandbox", "trusted",
                        "troupe.coordinator-url", coordinatorUrl)
                : Map.of("troupe.data-dir", data, "troupe.coordinator-url", coordinatorUrl));
        configs.put("agent-service", Map.of("troupe.coordinator-url", coordinatorUrl,
                "troupe.workspace-url", workspaceUrl, "troupe.agent.workers", String.valueOf(agentWorkers),
                "troupe.agent.time-scale", String.valueOf(timeScale)));
        configs.put("metrics-service", Map.of());
        Map<String, Integer> portOf = Map.of("coordinator-service", ports.coordinator(),
                "workspace-service", ports.workspace(), "agent-service", ports.agent(),
                "metrics-service", ports.metrics());

        Map<String, CompletableFuture<ServiceProcess>> starting = new LinkedHashMap<>();
        Map<String, Launch> launches = new LinkedHashMap<>();
        String metricsUrl = "http://localhost:" + ports.metrics();
        configs.forEach((module, own) -> {
            Map<String, String> config = new LinkedHashMap<>(own);
            config.put("kafka.bootstrap.servers", kafka);
            config.put("quarkus.http.host", bind);
            config.putAll(credentials.config());
            config.putAll(tracing(module, metricsUrl, System.getenv()));
            config.putAll(extra.getOrDefault(module, Map.of()));
            if (config.containsKey("quarkus.otel.exporter.otlp.traces.endpoint")) {
                // Span export into the metrics service's receiver needs a credential: the services' own, or
                // for the agent service (which holds no service token) a token of an agent on no team.
                String token = module.equals("agent-service") ? credentials.agentToken("agent-service")
                        : credentials.serviceToken();
                config.put("quarkus.otel.exporter.otlp.traces.headers", "authorization=Bearer " + token);
            }
            launches.put(module, new Launch(portOf.get(module), Map.copyOf(config), logs));
            starting.put(module, CompletableFuture.supplyAsync(
                    () -> ServiceProcess.start(module, portOf.get(module), config, logs, SERVICE_START)));
        });
        Map<String, ServiceProcess> started = new LinkedHashMap<>();
        List<RuntimeException> failures = new ArrayList<>();
        starting.forEach((module, future) -> {
            try {
                started.put(module, future.join());
            } catch (CompletionException e) {
                failures.add(e.getCause() instanceof RuntimeException r ? r : e);
            }
        });
        LocalStack stack = new LocalStack(broker, started, runDir, credentials, launches);
        if (!failures.isEmpty()) {
            stack.close();
            throw failures.getFirst();
        }
        return stack;
    }

    /**
     * Trace export of {@code module}: with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set (a Jaeger's or a
     * Collector's OTLP/HTTP port, e.g. http://localhost:4318) every service exports there, and the
     * metrics service links to and fetches from {@code TROUPE_JAEGER_URL} if set; with
     * {@code TROUPE_TRACES=1} alone the other services export to the metrics service's own OTLP
     * receiver (the metrics service does not trace itself then, or its exports would trace
     * themselves). Neither set: tracing stays off.
     */
    static Map<String, String> tracing(String module, String metricsUrl, Map<String, String> env) {
        String endpoint = env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        boolean local = Boolean.parseBoolean(env.getOrDefault("TROUPE_TRACES", "false"))
                || "1".equals(env.get("TROUPE_TRACES"));
        Map<String, String> config = new LinkedHashMap<>();
        if (module.equals("metrics-service") && !env.getOrDefault("TROUPE_JAEGER_URL", "").isBlank()) {
            config.put("troupe.metrics.jaeger-url", env.get("TROUPE_JAEGER_URL"));
        }
        if (endpoint.isBlank() && (!local || module.equals("metrics-service"))) {
            return config;
        }
        config.put("quarkus.otel.sdk.disabled", "false");
        config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        config.put("quarkus.otel.exporter.otlp.traces.endpoint", endpoint.isBlank() ? metricsUrl : endpoint);
        return config;
    }

    public String url(String module) {
        return services.get(module).url();
    }

    public String coordinatorUrl() {
        return url("coordinator-service");
    }

    public String workspaceUrl() {
        return url("workspace-service");
    }

    public String metricsUrl() {
        return url("metrics-service");
    }

    public String kafkaBootstrap() {
        return broker.bootstrapServers();
    }

    public Map<String, ServiceProcess> services() {
        return services;
    }

    /**
     * A crash and a restart of {@code module}: its process is killed (SIGKILL: no shutdown, no last words;
     * the children it started, such as its embedded PostgreSQL, stop with it), then started again on the same
     * port and configuration (and so the same data); returns once it answers.
     */
    public void restart(String module) {
        Launch launch = launches.get(module);
        if (launch == null) {
            throw new IllegalArgumentException("no service " + module + " in this stack: " + launches.keySet());
        }
        ProcessHandle process = ProcessHandle.of(services.get(module).process().pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        services.put(module, ServiceProcess.start(module, launch.port(), launch.config(), launch.logs(),
                SERVICE_START));
    }

    /** The process of the broker and of each service, by name (for {@link ProcessCpu}). */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("kafka", broker.process().pid());
        services.forEach((name, service) -> pids.put(name, service.process().pid()));
        return pids;
    }

    public Path runDir() {
        return runDir;
    }

    /** The stack's credentials (also in {@link StackCredentials#FILE} under {@link #runDir()}). */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * Stops the services side by side, then the broker they were using. A service gets
     * {@link #SERVICE_STOP} to stop before it is killed: the metrics service's Kafka consumers leave
     * their group one after another (~10 s). A killed service's embedded PostgreSQL loses nothing: it
     * is asked for a fast shutdown when its service's process ends.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.allOf(services.values().stream()
                .map(s -> CompletableFuture.runAsync(() -> s.close(SERVICE_STOP)))
                .toArray(CompletableFuture[]::new)).join();
        broker.close();
    }
}
