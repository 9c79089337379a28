package io.troupe.coordinator.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HeartbeatBacklogTest {
    private static final String TOPIC = "troupe.agent-heartbeats";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    private final HeartbeatBacklog backlog = new HeartbeatBacklog();

    @Test
    void theBacklogIsReadWhenEveryPartitionHasDeliveredTheRecordBeforeItsEndOffsetAtAssignment() {
        // Given a topic with 3 records on partition 0, 2 on partition 1 and none on partition 2
        assign(Map.of(P0, 3L, P1, 2L, P2, 0L));

        // When partition 0 is read to its end but partition 1 only to its first record
        backlog.read(TOPIC, 0, 0);
        backlog.read(TOPIC, 0, 1);
        backlog.read(TOPIC, 0, 2);
        backlog.read(TOPIC, 1, 0);

        // Then the backlog is not read yet; it is once partition 1's last record is
        assertThat(backlog.awaitRead(Duration.ZERO)).isFalse();
        backlog.read(TOPIC, 1, 1);
        assertThat(backlog.awaitRead(Duration.ZERO)).isTrue();
    }

    @Test
    void anEmptyTopicIsReadAtAssignment() {
        assertThat(backlog.awaitRead(Duration.ZERO)).as("before the assignment").isFalse();
        assign(Map.of(P0, 0L, P1, 0L));
        assertThat(backlog.awaitRead(Duration.ZERO)).isTrue();
    }

    @Test
    void recordsBeforeTheAssignmentOrOfOtherPartitionsDoNotCount() {
        // Given the consumer joined while partition 0 held 5 records
        assign(Map.of(P0, 5L));

        // When only a partition it does not hold and early records of its own are read
        backlog.read(TOPIC, 7, 100);
        backlog.read(TOPIC, 0, 3);

        // Then the wait gives up after its patience, saying the backlog is not read
        long started = System.nanoTime();
        assertThat(backlog.awaitRead(Duration.ofMillis(50))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void partitionsHandedOverInStepsAreAllReadBackNotOnlyTheFirstStep() {
        // Given a topic of 3 partitions whose partition 1 holds 2 records, and a first assignment of partition 0
        // only (empty), as Kafka's consumer protocol may hand partitions over in steps
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(info(0), info(1), info(2)));
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L, P2, 0L));
        consumer.updateEndOffsets(Map.of(P0, 0L, P1, 2L, P2, 0L));
        backlog.onPartitionsAssigned(consumer, List.of(P0));

        // Then the backlog is not read until partition 1's records are
        assertThat(backlog.awaitRead(Duration.ZERO)).isFalse();
        backlog.read(TOPIC, 1, 1);
        assertThat(backlog.awaitRead(Duration.ZERO)).isTrue();
    }

    private static org.apache.kafka.common.PartitionInfo info(int partition) {
        return new org.apache.kafka.common.PartitionInfo(TOPIC, partition, null, null, null);
    }

    private void assign(Map<TopicPartition, Long> ends) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        List<TopicPartition> partitions = List.copyOf(ends.keySet());
        consumer.assign(partitions);
        consumer.updateBeginningOffsets(ends.keySet().stream()
                .collect(java.util.stream.Collectors.toMap(p -> p, p -> 0L)));
        consumer.updateEndOffsets(ends);
        backlog.onPartitionsAssigned(consumer, partitions);
    }
}
