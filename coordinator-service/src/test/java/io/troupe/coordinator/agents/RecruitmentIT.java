package io.troupe.coordinator.agents;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.troupe.coordinator.support.WorkspaceServiceResource;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.AgentEvent.AgentHeartbeat;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.RunEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.SharedBroker;
import io.troupe.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recruiting through the real broker and PostgreSQL: the test plays agent workers that announce
 * themselves with heartbeats on {@code troupe.agent-heartbeats}, as agent services do. (Same test
 * resources as {@code CoordinatorIT}, so the application is shared; every test waits until its
 * agents expired, so that the other classes' runs get the default team again.)
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(WorkspaceServiceResource.class)
class RecruitmentIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Set<String> beating = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService heart;
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void startHeartbeats() {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
        heart = Executors.newSingleThreadScheduledExecutor();
        heart.scheduleWithFixedDelay(() -> beating.forEach(this::beat), 0, 300, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopHeartbeats() {
        beating.clear();
        heart.shutdownNow();
        producer.close();
        await().atMost(WAIT).until(() -> agents().getList("agents.id").isEmpty());
    }

    @Test
    void runRecruitsIdleAgentsAndReleasesThemAtItsEnd() {
        // Given three idle agents announcing themselves
        beating.addAll(List.of("crew-1", "crew-2", "crew-3"));
        await().atMost(WAIT).until(() -> agents().getList("agents.id").size() == 3);
        JsonPath agents = agents();
        assertThat(agents.getList("agents.id", String.class)).containsExactly("crew-1", "crew-2", "crew-3");
        assertThat(agents.getList("agents.state", String.class)).containsOnly("IDLE");
        assertThat(agents.getInt("capacity")).isEqualTo(3);

        // When a preassigned run of two agents starts
        JsonPath first = createRun("preassigned", 2);

        // Then it recruits the first two, and its preassigned tasks go to them
        String firstRun = first.getString("id");
        assertThat(first.getList("team", String.class)).containsExactly("crew-1", "crew-2");
        assertThat(first.getList("tasks.findAll { it.state == 'CLAIMED' }.agent", String.class))
                .containsExactlyInAnyOrder("crew-1", "crew-2");
        RunEvent.RunStarted started = (RunEvent.RunStarted) TestEvents.await(Topics.RUN_EVENTS, firstRun,
                seen -> !seen.isEmpty(), WAIT).getFirst().event();
        assertThat(started.team()).containsExactly("crew-1", "crew-2");
        assertThat(recruitedBy("crew-1")).containsExactly(firstRun);
        assertThat(recruitedBy("crew-3")).isEmpty();

        // and a second run of two gets the free agent first, then shares the least-held one
        JsonPath second = createRun("decentralized", 2);
        assertThat(second.getList("team", String.class)).first().isEqualTo("crew-3");
        assertThat(second.getList("team", String.class)).hasSize(2).doesNotHaveDuplicates();

        // When both runs end
        cancel(firstRun);
        cancel(second.getString("id"));

        // Then their agents are free again, and a run of three recruits all of them
        assertThat(agents().getList("agents.recruitedBy.flatten()")).isEmpty();
        JsonPath third = createRun("queue", 3);
        assertThat(third.getList("team", String.class)).containsExactly("crew-1", "crew-2", "crew-3");
        cancel(third.getString("id"));
    }

    @Test
    void agentWhoseHeartbeatsStopIsExpiredAndNotRecruited() {
        // Given two agents announcing themselves
        beating.addAll(List.of("gone-1", "gone-2"));
        await().atMost(WAIT).until(() -> agents().getList("agents.id").size() == 2);

        // When one stops answering
        beating.remove("gone-2");

        // Then it is expired after the heartbeat timeout
        await().atMost(WAIT).until(() -> agents().getList("agents.id", String.class).equals(List.of("gone-1")));

        // and a run of two recruits the live one and fills its team with a default id
        JsonPath run = createRun("queue", 2);
        assertThat(run.getList("team", String.class)).containsExactly("gone-1", "agent-1");
        cancel(run.getString("id"));
    }

    private void beat(String agentId) {
        var heartbeat = new AgentHeartbeat(null, agentId, AgentHeartbeat.IDLE, "test", Instant.now());
        var record = new ProducerRecord<String, String>(Topics.AGENT_HEARTBEATS, null, Events.toJson(heartbeat));
        record.headers().add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_type", bytes(Events.typeOf(heartbeat)))
                .add("ce_source", bytes(Events.SOURCE_PREFIX + "test"))
                .add("ce_time", bytes(Instant.now().toString()))
                .add("content-type", bytes("application/json"));
        producer.send(record);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonPath agents() {
        return given().when().get("/api/agents").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> recruitedBy(String agentId) {
        return agents().getList("agents.find { it.id == '" + agentId + "' }.recruitedBy", String.class);
    }

    private static JsonPath createRun(String architecture, int agents) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("suite", "tiny", "architecture", architecture, "agents", agents))
                .when().post("/api/runs")
                .then().statusCode(201).extract().jsonPath();
    }

    private static void cancel(String runId) {
        given().contentType(ContentType.JSON).body(Map.of("reason", "test over"))
                .when().post("/api/runs/{run}/cancel", runId)
                .then().statusCode(200);
    }
}
