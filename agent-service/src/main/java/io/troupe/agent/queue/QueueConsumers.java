package io.troupe.agent.queue;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.runs.RunCatalog;
import io.troupe.agent.runs.RunDirectory;
import io.troupe.agent.worker.AgentPool;
import io.troupe.agent.worker.Worker;
import io.troupe.protocol.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agents' side of {@code queue} runs: every worker has a thread with its own
 * {@link KafkaShareConsumer} in one share group (KIP-932) on {@code troupe.tasks-ready}, so each
 * READY task goes to one agent. A worker polls only while it is idle and while a queue run whose
 * team includes it is running, one record at a time; {@link QueueTaker} claims the task and says how
 * the record is acknowledged, and the acknowledgement is committed before the agent starts working.
 * Records beyond the first of a poll are released at once for other agents.
 */
@ApplicationScoped
public class QueueConsumers {
    private static final Logger LOG = Logger.getLogger(QueueConsumers.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(100);

    private final AgentConfig.Queue config;
    private final String bootstrapServers;
    private final AgentPool pool;
    private final RunDirectory directory;
    private final QueueTaker taker;
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaShareConsumer<String, String>> consumers = new ArrayList<>();
    private volatile boolean running = true;

    public QueueConsumers(AgentConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                          AgentPool pool, RunDirectory directory, CoordinatorClient coordinator, RunCatalog runs) {
        this.config = config.agent().queue();
        this.bootstrapServers = bootstrapServers;
        this.pool = pool;
        this.directory = directory;
        this.taker = new QueueTaker(coordinator, runs, pool::leftRun);
    }

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            LOG.info("taking tasks of queue runs is off (troupe.agent.queue.enabled=false)");
            return;
        }
        Thread.ofPlatform().daemon().name("share-group-setup").start(this::startFromEarliest);
        for (Worker worker : pool.workers()) {
            Thread thread = Thread.ofPlatform().daemon().name(worker.id() + "-queue").unstarted(() -> run(worker));
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * A new share group starts at the latest offset: a task offered before the first agent joined
     * would never be seen. The group is told to start at the earliest instead (idempotent).
     */
    private void startFromEarliest() {
        Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        for (int attempt = 1; running && attempt <= 30; attempt++) {
            try (Admin admin = Admin.create(props)) {
                ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, config.group());
                admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                        new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                        .all().get(10, TimeUnit.SECONDS);
                LOG.infof("share group %s reads %s from the earliest offset", config.group(), Topics.TASKS_READY);
                return;
            } catch (Exception e) {
                LOG.warnf("cannot set share.auto.offset.reset=earliest on share group %s yet (attempt %d): %s",
                        config.group(), attempt, e.getMessage());
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void run(Worker worker) {
        int index = pool.index(worker.id());
        KafkaShareConsumer<String, String> consumer = null;
        while (running) {
            if (!directory.recruits(RunDirectory.QUEUE, worker.id(), index) || !worker.tryReserve()) {
                sleep(IDLE_WAIT);
                continue;
            }
            Optional<CompletableFuture<Void>> work = Optional.empty();
            boolean backOff = false;
            try {
                if (consumer == null) {
                    consumer = consumer(worker.id());
                }
                ConsumerRecords<String, String> records = consumer.poll(config.pollTimeout());
                for (ConsumerRecord<String, String> record : records) {
                    if (work.isPresent()) {
                        consumer.acknowledge(record, AcknowledgeType.RELEASE);
                        continue;
                    }
                    QueueTaker.Taken taken = taker.take(worker.id(), index, record,
                            (assignment, lease) -> pool.take(worker, assignment, lease));
                    consumer.acknowledge(record, taken.ack());
                    work = taken.work();
                    backOff |= taken.reason() == QueueTaker.Reason.NOT_RECRUITED
                            || taken.reason() == QueueTaker.Reason.COORDINATOR_UNAVAILABLE;
                }
                if (!records.isEmpty()) {
                    consumer.commitSync(Duration.ofSeconds(10));
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "share consumer of %s failed; starting a new one (agentId=%s)", worker.id(),
                        worker.id());
                closeQuietly(consumer);
                consumer = null;
                backOff = true;
            } finally {
                if (work.isEmpty()) {
                    worker.unreserve();
                }
            }
            // The agent takes nothing more until this task's work is done.
            work.ifPresent(w -> {
                Worker.awaitDone(w, () -> running);
                worker.unreserve();
            });
            if (backOff) {
                sleep(config.releaseBackoff());
            }
        }
        closeQuietly(consumer);
    }

    private KafkaShareConsumer<String, String> consumer(String agentId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "troupe-" + agentId + "-queue");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put("share.acknowledgement.mode", "explicit");
        // Clients from 4.2 on can be told to acquire no more than max.poll.records (older ones lack the setting).
        if (ConsumerConfig.configNames().contains("share.acquire.mode")) {
            props.put("share.acquire.mode", "record_limit");
        }
        KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(props);
        consumer.subscribe(List.of(Topics.TASKS_READY));
        synchronized (consumers) {
            consumers.add(consumer);
        }
        LOG.infof("%s joined share group %s on %s", agentId, config.group(), Topics.TASKS_READY);
        return consumer;
    }

    private void closeQuietly(KafkaShareConsumer<String, String> consumer) {
        if (consumer == null) {
            return;
        }
        synchronized (consumers) {
            consumers.remove(consumer);
        }
        try {
            consumer.close(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debugf("closing a share consumer failed: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        synchronized (consumers) {
            consumers.forEach(KafkaShareConsumer::wakeup);
        }
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
