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
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.support.messaging.KafkaClientSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
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
 * {@link KafkaShareConsumer} on {@code troupe.tasks-ready}, so each READY task goes to one agent.
 * Each queue run is a queue of its own: the workers of run R consume in share group
 * {@code <troupe.agent.queue.group>-R}. (One group for all runs would hand run A's tasks to run B's
 * idle agents, who could only release them; every release counts towards the broker's delivery
 * limit, after which the task is dropped, and makes A's task wait. With one group per run, the
 * other runs' records in the topic are accepted unread by each group.) A new group starts at the
 * run's start (share.auto.offset.reset=by_duration), so a task offered before the first agent
 * joined is still seen, and a finished run's group is deleted by the last worker to leave it.
 * A worker polls only while it is idle and on the team of a running queue run, one record at a
 * time; {@link QueueTaker} claims the task and says how the record is acknowledged, and the
 * acknowledgement is committed before the agent starts working. Records beyond the first of a
 * poll are released at once for other agents.
 */
@ApplicationScoped
public class QueueConsumers {
    private static final Logger LOG = Logger.getLogger(QueueConsumers.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(100);
    /** Records this long before a run's start are read too: clocks of coordinator and broker may differ. */
    private static final Duration CLOCK_MARGIN = Duration.ofSeconds(30);

    private final AgentConfig.Queue config;
    private final String bootstrapServers;
    private final AgentPool pool;
    private final RunDirectory directory;
    private final QueueTaker taker;
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaShareConsumer<String, String>> consumers = new ArrayList<>();
    private volatile Admin admin;
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
        for (Worker worker : pool.workers()) {
            Thread thread = Thread.ofPlatform().daemon().name(worker.id() + "-queue").unstarted(() -> run(worker));
            threads.add(thread);
            thread.start();
        }
    }

    /** The share group of queue run {@code runId}. */
    public static String group(String base, String runId) {
        return base + "-" + runId;
    }

    /** A worker's membership of one run's share group. */
    private record Session(String runId, String group, KafkaShareConsumer<String, String> consumer) {
    }

    private void run(Worker worker) {
        int index = pool.index(worker.id());
        Session session = null;
        while (running) {
            Optional<RunStarted> run = directory.running(RunDirectory.QUEUE).stream()
                    .filter(r -> r.hasOnTeam(worker.id(), index)).findFirst();
            if (session != null && (run.isEmpty() || !run.get().runId().equals(session.runId()))) {
                leave(session);
                session = null;
            }
            if (run.isEmpty() || !worker.tryReserve()) {
                sleep(IDLE_WAIT);
                continue;
            }
            Optional<CompletableFuture<Void>> work = Optional.empty();
            boolean backOff = false;
            try {
                if (session == null) {
                    session = join(worker.id(), run.get());
                }
                ConsumerRecords<String, String> records = session.consumer().poll(config.pollTimeout());
                for (ConsumerRecord<String, String> record : records) {
                    if (work.isPresent()) {
                        session.consumer().acknowledge(record, AcknowledgeType.RELEASE);
                        continue;
                    }
                    QueueTaker.Taken taken = taker.take(worker.id(), index, session.runId(), record,
                            (assignment, lease) -> pool.take(worker, assignment, lease));
                    session.consumer().acknowledge(record, taken.ack());
                    work = taken.work();
                    backOff |= taken.reason() == QueueTaker.Reason.NOT_RECRUITED
                            || taken.reason() == QueueTaker.Reason.COORDINATOR_UNAVAILABLE;
                }
                if (!records.isEmpty()) {
                    session.consumer().commitSync(Duration.ofSeconds(10));
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "share consumer of %s failed; starting a new one (agentId=%s)", worker.id(),
                        worker.id());
                if (session != null) {
                    closeQuietly(session.consumer());
                    session = null;
                }
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
        if (session != null) {
            closeQuietly(session.consumer());
        }
    }

    /**
     * Joins the share group of {@code run}. A group nobody has read yet is first told to start at
     * the run's start, less a margin for clock skew (a new share group would start at the latest
     * offset, missing the tasks offered before this agent joined).
     */
    private Session join(String agentId, RunStarted run) {
        String group = group(config.group(), run.runId());
        Duration since = Duration.between(run.at(), Instant.now()).plus(CLOCK_MARGIN);
        if (since.isNegative()) {
            since = CLOCK_MARGIN;
        }
        try {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
            admin().incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "by_duration:" + since),
                    AlterConfigOp.OpType.SET)))).all().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up share group " + group, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set the start of share group " + group + ": " + e.getMessage(), e);
        }
        return new Session(run.runId(), group, consumer(agentId, group));
    }

    /**
     * Leaves a run's group; once the run is over, the group is deleted (refused by the broker while
     * another agent is still a member: the last to leave deletes it).
     */
    private void leave(Session session) {
        closeQuietly(session.consumer());
        if (directory.running(RunDirectory.QUEUE).stream().anyMatch(r -> r.runId().equals(session.runId()))) {
            return;
        }
        try {
            admin().deleteShareGroups(List.of(session.group())).all().get(10, TimeUnit.SECONDS);
            LOG.infof("share group %s deleted (runId=%s)", session.group(), session.runId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("share group %s not deleted: %s", session.group(), e.getMessage());
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> props = new HashMap<>(KafkaClientSecurity.properties());
                    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    admin = Admin.create(props);
                }
                current = admin;
            }
        }
        return current;
    }

    private KafkaShareConsumer<String, String> consumer(String agentId, String group) {
        Map<String, Object> props = new HashMap<>(KafkaClientSecurity.properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
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
        LOG.infof("%s joined share group %s on %s", agentId, group, Topics.TASKS_READY);
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
        // One deadline for all threads, not one wait each: shutdown must not grow with the workers.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
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
