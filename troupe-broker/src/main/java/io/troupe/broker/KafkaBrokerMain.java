package io.troupe.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * Runs a single-node Kafka broker (combined broker and controller, KRaft) until it is
 * terminated or until its standard input closes, which happens when the parent process dies:
 * a crashed launcher never leaves a broker behind.
 *
 * <p>Arguments: {@code --port <n> --controller-port <n> --dir <path> --partitions <n>
 * [--topics a,b:1,c:1:3600000]}: a topic may name its own partition count after a colon, and its retention in ms
 * after a second one. Prints {@code TROUPE-BROKER-READY bootstrap=localhost:<port>} once the
 * topics exist. In a container (docker/kafka.Dockerfile): {@code --listen-host 0.0.0.0 --advertised kafka:9092
 * --watch-parent false --ready-file <path>} (no parent there; the file is what its health check reads).
 */
public final class KafkaBrokerMain {
    public static final String READY = "TROUPE-BROKER-READY";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int port = Integer.parseInt(opts.getOrDefault("port", "9092"));
        int controllerPort = Integer.parseInt(opts.getOrDefault("controller-port", "9093"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "8"));
        Path dir = Path.of(opts.getOrDefault("dir", "kafka-data")).toAbsolutePath();
        List<String> topics = opts.getOrDefault("topics", "").isBlank() ? List.of()
                : List.of(opts.get("topics").split(","));
        String listenHost = opts.getOrDefault("listen-host", "127.0.0.1");
        String advertised = opts.getOrDefault("advertised", "localhost:" + port);

        Properties props = serverProperties(port, controllerPort, dir, listenHost, advertised);
        Path config = dir.resolve("server.properties");
        Files.createDirectories(dir);
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "single-node KRaft broker for Troupe");
        }
        if (!Files.exists(dir.resolve("logs/meta.properties"))) {
            StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                    System.out);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }, "broker-shutdown"));
        server.startup();
        String bootstrap = "localhost:" + port;
        createTopics(bootstrap, topics, partitions);
        if (opts.containsKey("ready-file")) {
            Files.writeString(Path.of(opts.get("ready-file")), bootstrap + "\n");
        }
        System.out.println(READY + " bootstrap=" + bootstrap);
        System.out.flush();
        if (Boolean.parseBoolean(opts.getOrDefault("watch-parent", "true"))) {
            watchParent(System.in);
        }
        stopped.await(1, TimeUnit.DAYS);
    }

    private static Properties serverProperties(int port, int controllerPort, Path dir, String listenHost,
                                               String advertised) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        // Loopback unless told otherwise (a container listens on 0.0.0.0): the local broker is PLAINTEXT
        // without authentication, so nothing off this host may reach it.
        p.put("listeners", "PLAINTEXT://" + listenHost + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + advertised);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.share.heartbeat.interval.ms", "500");
        p.put("group.share.min.heartbeat.interval.ms", "500");
        p.put("num.partitions", "1");
        // The default dedupe buffer reserves 128 MiB of heap; a small broker does not need it.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    private static void createTopics(String bootstrap, List<String> names, int partitions) throws Exception {
        if (names.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String spec : names) {
                String[] parts = spec.split(":");
                int count = parts.length > 1 ? Integer.parseInt(parts[1]) : partitions;
                NewTopic topic = new NewTopic(parts[0], count, (short) 1);
                if (parts.length > 2) {
                    // Only whole segments are deleted: roll one as often as records expire.
                    topic.configs(Map.of("retention.ms", parts[2], "segment.ms", parts[2]));
                }
                topics.add(topic);
            }
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static void watchParent(InputStream in) {
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // the parent writes nothing; only the end of the stream matters
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                System.exit(0);
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
