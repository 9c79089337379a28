package io.troupe.agent.it;

import io.troupe.protocol.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes {@code troupe.tasks-ready} a single partition, as a share group needs to spread one run's
 * tasks over its agents: its assignor gives each partition to one member while a group has fewer
 * members than partitions, and the coordinator keys every record of a run by the run id, so with
 * the test broker's 8 partitions all tasks of a run would go to one agent.
 */
final class TasksReadyTopic {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TasksReadyTopic() {
    }

    static synchronized void useOnePartition(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(Topics.TASKS_READY)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topics.TASKS_READY).partitions().size();
            if (partitions == 1) {
                return;
            }
            admin.deleteTopics(List.of(Topics.TASKS_READY)).all().get(10, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(Topics.TASKS_READY, 1, (short) 1))).all()
                            .get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    boolean deleting = e.getCause() instanceof TopicExistsException
                            || e.getCause() instanceof UnknownTopicOrPartitionException;
                    if (!deleting || Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot make " + Topics.TASKS_READY + " a single partition: " + e, e);
        }
    }
}
