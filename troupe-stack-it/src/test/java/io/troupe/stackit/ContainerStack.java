package io.troupe.stackit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.troupe.cli.LocalStack;
import io.troupe.protocol.Topics;
import io.troupe.stackit.StackEnvironment.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Troupe's stack from its images on one Docker network: PostgreSQL, the Kafka broker, the
 * coordinator, workspace and metrics services and {@code agents} agent containers (the chart's
 * StatefulSet pods, one agent each). Each service is ready when its readiness probe (the chart's
 * {@code /q/health/ready}) answers 200, and limited to the chart's default resources. Containers
 * carry the label {@code io.troupe.stack-it}; with Ryuk disabled, {@link #close()} removes them,
 * and a new stack first removes any that a killed test JVM left behind.
 */
final class ContainerStack implements AutoCloseable {
    static final String LABEL = "io.troupe.stack-it";
    private static final Duration START = Duration.ofMinutes(4);
    /** values.yaml default.resources.limits: 512Mi and one CPU per service. */
    private static final long MEMORY = 512L * 1024 * 1024;
    private static final long NANO_CPUS = 1_000_000_000L;

    private final Network network;
    private final GenericContainer<?> postgres;
    private final GenericContainer<?> kafka;
    private final Map<String, GenericContainer<?>> services = new LinkedHashMap<>();

    private ContainerStack(Network network, GenericContainer<?> postgres, GenericContainer<?> kafka) {
        this.network = network;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static ContainerStack start(int agents) {
        removeLeftovers();
        Network network = Network.builder().build();
        GenericContainer<?> postgres = container(StackEnvironment.image("postgres"), StackEnvironment.POSTGRES, network)
                .withEnv(StackEnvironment.postgres())
                .withExposedPorts(5432)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(START));
        GenericContainer<?> kafka = container(StackEnvironment.image("kafka"), StackEnvironment.KAFKA, network)
                .withEnv(StackEnvironment.kafka(String.join(",", Topics.withPartitions(LocalStack.PARTITIONS)),
                        LocalStack.PARTITIONS))
                .withExposedPorts(9092)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(START));
        ContainerStack stack = new ContainerStack(network, postgres, kafka);
        try {
            Startables.deepStart(postgres, kafka).join();
            // In two waves, the agents last: six JVMs starting at once on two shared cores took over
            // a minute each, and the first services' database connections timed out.
            List<GenericContainer<?>> first = new ArrayList<>();
            for (Service service : List.of(Service.COORDINATOR, Service.WORKSPACE, Service.METRICS)) {
                GenericContainer<?> c = serviceContainer(service, 0, service.host(), network);
                stack.services.put(service.host(), c);
                first.add(c);
            }
            Startables.deepStart(first).join();
            List<GenericContainer<?>> agentContainers = new ArrayList<>();
            for (int ordinal = 0; ordinal < agents; ordinal++) {
                String name = "troupe-agent-" + ordinal;
                GenericContainer<?> c = serviceContainer(Service.AGENT, ordinal, name, network);
                stack.services.put(name, c);
                agentContainers.add(c);
            }
            Startables.deepStart(agentContainers).join();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private static GenericContainer<?> serviceContainer(Service service, int ordinal, String alias, Network network) {
        return container(service.image(), alias, network)
                .withEnv(StackEnvironment.service(service, ordinal))
                .withExposedPorts(service.port)
                // The chart's pod security: non-root (the image's user), read-only root, a writable /tmp.
                .withTmpFs(Map.of("/tmp", "rw,exec,size=256m"))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withReadonlyRootfs(true)
                        .withCapDrop(com.github.dockerjava.api.model.Capability.ALL)
                        .withSecurityOpts(List.of("no-new-privileges"))
                        .withMemory(MEMORY)
                        .withNanoCPUs(NANO_CPUS))
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(service.port).forStatusCode(200)
                        .withStartupTimeout(START));
    }

    private static GenericContainer<?> container(String image, String alias, Network network) {
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withCreateContainerCmdModifier(cmd -> cmd.withName("troupe-it-" + alias + "-"
                        + ProcessHandle.current().pid()))
                .withLabel(LABEL, "true")
                .withLogConsumer(new Slf4jLogConsumer(org.slf4j.LoggerFactory.getLogger("container." + alias))
                        .withSeparateOutputStreams());
    }

    /** The URL of a service on the host, read afresh: a restarted container gets new host ports. */
    String url(String name) {
        GenericContainer<?> c = services.get(name);
        int port = c.getExposedPorts().getFirst();
        return "http://" + c.getHost() + ":" + hostPort(c.getContainerId(), port);
    }

    String url(Service service) {
        return url(service.host());
    }

    /** Stops a container as a node drain does (SIGTERM, SIGKILL after 10 s) and starts it again. */
    void restart(String name) {
        GenericContainer<?> c = name.equals(StackEnvironment.KAFKA) ? kafka : services.get(name);
        DockerClient docker = DockerClientFactory.instance().client();
        docker.stopContainerCmd(c.getContainerId()).withTimeout(10).exec();
        docker.startContainerCmd(c.getContainerId()).exec();
    }

    /** Stops a container; {@link #start(String)} starts it again (its file system kept). */
    void stop(String name) {
        GenericContainer<?> c = name.equals(StackEnvironment.KAFKA) ? kafka : services.get(name);
        DockerClientFactory.instance().client().stopContainerCmd(c.getContainerId()).withTimeout(10).exec();
    }

    void start(String name) {
        GenericContainer<?> c = name.equals(StackEnvironment.KAFKA) ? kafka : services.get(name);
        DockerClientFactory.instance().client().startContainerCmd(c.getContainerId()).exec();
    }

    /** Whether the container's own HEALTHCHECK (the image's) reports it healthy. */
    boolean healthy(String name) {
        GenericContainer<?> c = name.equals(StackEnvironment.KAFKA) ? kafka : services.get(name);
        InspectContainerResponse.ContainerState state = DockerClientFactory.instance().client()
                .inspectContainerCmd(c.getContainerId()).exec().getState();
        return Boolean.TRUE.equals(state.getRunning()) && state.getHealth() != null
                && "healthy".equals(state.getHealth().getStatus());
    }

    List<String> agentNames() {
        return services.keySet().stream().filter(n -> n.startsWith("troupe-agent-")).toList();
    }

    /** Writes every container's log to {@code dir} (for a failing test's report). */
    void saveLogs(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<GenericContainer<?>> all = new ArrayList<>(List.of(postgres, kafka));
        all.addAll(services.values());
        for (GenericContainer<?> c : all) {
            if (c.getContainerId() != null) {
                Files.writeString(dir.resolve(c.getNetworkAliases().getLast() + ".log"), c.getLogs());
            }
        }
    }

    private static int hostPort(String containerId, int port) {
        Ports.Binding[] bindings = DockerClientFactory.instance().client().inspectContainerCmd(containerId).exec()
                .getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(port));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("port " + port + " of " + containerId + " is not published (not running?)");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    @Override
    public void close() {
        List<GenericContainer<?>> all = new ArrayList<>(services.values());
        all.add(kafka);
        all.add(postgres);
        all.parallelStream().forEach(GenericContainer::stop);
        network.close();
    }

    /** Containers of a test JVM that died before its close(): nothing else removes them without Ryuk. */
    private static void removeLeftovers() {
        DockerClient docker = DockerClientFactory.instance().client();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, "true")).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
    }
}
