package io.troupe.stackit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of each container of the stack, in one place: what helm/troupe's templates set
 * (configmap.yaml, deployments.yaml, agents.yaml, _helpers.tpl's commonEnv and databaseEnv), with
 * the release named {@code troupe} so that the services reach each other by the chart's Service
 * names. What differs from the chart, and why, is said where it is set. New settings the services
 * need (credentials, say) go here.
 */
final class StackEnvironment {
    static final String IMAGE_PREFIX = System.getProperty("troupe.image.prefix", "troupe/");
    static final String IMAGE_TAG = System.getProperty("troupe.image.tag", "0.1.0");
    /** The stack's credentials (the chart generates them into a Secret). */
    static final String OPERATOR_TOKEN = "stack-it-operator-token-0123456789";
    static final String VIEWER_TOKEN = "stack-it-viewer-token-0123456789";
    static final String SERVICE_TOKEN = "stack-it-service-token-0123456789";
    static final String AGENT_KEY = "stack-it-agent-signing-key-0123456789";

    static final String KAFKA = "kafka";
    static final String POSTGRES = "postgres";
    static final String PG_USER = "troupe";
    static final String PG_PASSWORD = "troupe-test";

    private StackEnvironment() {
    }

    /** A service of the chart: its component name, its module (image) and its port (values.yaml). */
    enum Service {
        COORDINATOR("coordinator", "coordinator-service", 8081),
        WORKSPACE("workspace", "workspace-service", 8082),
        METRICS("metrics", "metrics-service", 8084),
        AGENT("agent", "agent-service", 8083);

        final String component;
        final String module;
        final int port;

        Service(String component, String module, int port) {
            this.component = component;
            this.module = module;
            this.port = port;
        }

        /** The chart's Service name with release {@code troupe}, used as the network alias. */
        String host() {
            return "troupe-" + component;
        }

        String image() {
            return IMAGE_PREFIX + module + ":" + IMAGE_TAG;
        }
    }

    static String image(String name) {
        return IMAGE_PREFIX + name + ":" + IMAGE_TAG;
    }

    static Map<String, String> postgres() {
        return Map.of("POSTGRES_USER", PG_USER, "POSTGRES_PASSWORD", PG_PASSWORD, "POSTGRES_DB", "troupe",
                // values.yaml's postgresql.databases: coordinator troupe, workspace troupe_workspace
                "TROUPE_DATABASES", "troupe,troupe_workspace");
    }

    static Map<String, String> kafka(String topics, int partitions) {
        return Map.of("KAFKA_ADVERTISED", KAFKA + ":9092", "KAFKA_TOPICS", topics,
                "KAFKA_PARTITIONS", String.valueOf(partitions));
    }

    /**
     * One service's environment. {@code agentOrdinal} names the agent pod of the StatefulSet
     * ({@code troupe-agent-<ordinal>}); ignored for the other services.
     */
    static Map<String, String> service(Service service, int agentOrdinal) {
        Map<String, String> env = new LinkedHashMap<>();
        // configmap.yaml (envFrom) and commonEnv
        env.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA + ":9092");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(service.port));
        env.put("JAVA_OPTS_APPEND", "-XX:MaxRAMPercentage=70");
        env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        env.put("TROUPE_COORDINATOR_URL", "http://" + Service.COORDINATOR.host() + ":" + Service.COORDINATOR.port);
        env.put("TROUPE_WORKSPACE_URL", "http://" + Service.WORKSPACE.host() + ":" + Service.WORKSPACE.port);
        // The chart's <release>-auth Secret: the services check every kind of caller, an agent pod
        // holds only the agent key and the viewer token.
        env.put("TROUPE_AUTH_AGENT_KEY", AGENT_KEY);
        env.put("TROUPE_AUTH_VIEWER_TOKEN", VIEWER_TOKEN);
        if (service != Service.AGENT) {
            env.put("TROUPE_AUTH_OPERATOR_TOKEN", OPERATOR_TOKEN);
            env.put("TROUPE_AUTH_SERVICE_TOKEN", SERVICE_TOKEN);
        }
        switch (service) {
            case COORDINATOR -> {
                env.putAll(database("troupe"));
                // The chart's coordinator scales the agent StatefulSet through the Kubernetes API
                // (TROUPE_POOL_KIND=kubernetes); here the agent containers are fixed, so no pool kind:
                // the coordinator recruits from the agents' heartbeats, as on a laptop.
            }
            case WORKSPACE -> {
                env.putAll(database("troupe_workspace"));
                // The chart runs each test run as a Kubernetes Job (sandbox=kubernetes). Here the
                // workspace's own container (non-root, read-only root, no capabilities) runs them:
                // the image built by scripts/build-images.sh carries python3 and pytest for that.
                // The sweep's simulated agents write the suites' own reference solutions: trusted code.
                env.put("TROUPE_WORKSPACE_SANDBOX", "trusted");
            }
            case AGENT -> {
                // agents.yaml: one agent per pod, its id and its inbox consumer group from the pod's name
                String pod = "troupe-agent-" + agentOrdinal;
                env.put("TROUPE_AGENT_WORKERS", "1");
                env.put("TROUPE_AGENT_POD_NAME", pod);
                env.put("MP_MESSAGING_INCOMING_AGENT_INBOX_GROUP_ID", pod);
            }
            case METRICS -> {
                env.put("TROUPE_METRICS_JAEGER_URL", "");
            }
        }
        return env;
    }

    /** databaseEnv of _helpers.tpl. */
    private static Map<String, String> database(String name) {
        return Map.of(
                // Not the chart's: a pod whose first connection times out is restarted by Kubernetes;
                // a test container is not, and a loaded 2-core machine can take longer than the 5 s default.
                "QUARKUS_DATASOURCE_PG_JDBC_ACQUISITION_TIMEOUT", "60S",
                "QUARKUS_DATASOURCE_H2_ACTIVE", "false",
                "QUARKUS_DATASOURCE_PG_ACTIVE", "true",
                "QUARKUS_DATASOURCE_PG_JDBC_URL", "jdbc:postgresql://" + POSTGRES + ":5432/" + name,
                "QUARKUS_DATASOURCE_PG_USERNAME", PG_USER,
                "QUARKUS_DATASOURCE_PG_PASSWORD", PG_PASSWORD);
    }
}
