package io.troupe.coordinator.agents;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Whether this coordinator has read back the heartbeats that were on the topic when its consumer
 * joined. Until it has, the {@link AgentRegistry} misses live agents: a coordinator restarted in the
 * middle of a sweep saw none for its first ~3 s and gave the next run a team of ids no process
 * hosted, so that run never started. Recruiting waits for this (bounded), see {@link Recruitment}.
 *
 * <p>At assignment the consumer's end offset of each partition is the last record to read back;
 * the backlog is read when every partition has delivered the record before its end offset.
 */
@ApplicationScoped
@Default // besides the name the connector looks it up by, for the consumer and recruiting
@Identifier(HeartbeatBacklog.NAME)
public class HeartbeatBacklog implements KafkaConsumerRebalanceListener {
    /** The listener's name in {@code mp.messaging.incoming.agent-heartbeats.consumer-rebalance-listener.name}. */
    public static final String NAME = "heartbeat-backlog";

    private static final Logger LOG = Logger.getLogger(HeartbeatBacklog.class);

    /** Partition to the offset of the last record it had at assignment, until that record is read. */
    private final Map<TopicPartition, Long> unread = new ConcurrentHashMap<>();
    private final CountDownLatch readBack = new CountDownLatch(1);
    private volatile boolean assigned;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (assigned || partitions.isEmpty()) {
            // Only the first sight of the topic fixes the backlog: later assignments continue where it was.
            return;
        }
        // The whole topic, not only this assignment: Kafka's consumer protocol may hand the partitions over
        // in steps, and a first step of empty partitions once ended the wait before the others were read (a
        // restarted coordinator then recruited ids no process hosted).
        Set<TopicPartition> all = new HashSet<>(partitions);
        String topic = partitions.iterator().next().topic();
        consumer.partitionsFor(topic).forEach(info -> all.add(new TopicPartition(topic, info.partition())));
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(all);
        Map<TopicPartition, Long> ends = consumer.endOffsets(all);
        for (TopicPartition partition : all) {
            long end = ends.getOrDefault(partition, 0L);
            long from = partitions.contains(partition) ? consumer.position(partition)
                    : begins.getOrDefault(partition, 0L);
            if (end > from) {
                unread.put(partition, end - 1);
            }
        }
        assigned = true;
        LOG.infof("reading back the heartbeats of %d of %d partitions", unread.size(), all.size());
        completeIfRead();
    }

    /** The record at {@code offset} of the heartbeat topic's {@code partition} was handled. */
    void read(String topic, int partition, long offset) {
        unread.computeIfPresent(new TopicPartition(topic, partition), (p, last) -> offset >= last ? null : last);
        completeIfRead();
    }

    /** Whether the backlog is read; waits up to {@code patience} for it. */
    boolean awaitRead(Duration patience) {
        try {
            return readBack.await(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return readBack.getCount() == 0;
        }
    }

    private void completeIfRead() {
        if (assigned && unread.isEmpty() && readBack.getCount() > 0) {
            readBack.countDown();
            LOG.info("heartbeats read back: the registry knows every agent heard from within the heartbeat timeout");
        }
    }
}
