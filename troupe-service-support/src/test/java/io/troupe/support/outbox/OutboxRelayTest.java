package io.troupe.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.support.store.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The outbox relay against a real PostgreSQL (the server at {@code TROUPE_TEST_JDBC_URL}, default
 * localhost:5432, else an embedded one), with a sender standing in for the broker.
 */
class OutboxRelayTest {
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(300);
    private static final OutboxRelay.Settings SETTINGS = new OutboxRelay.Settings(4, ACK_TIMEOUT,
            Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1));

    private static String adminUrl;
    private static String user;
    private static String password;
    private static String database;
    private static EmbeddedPostgres embedded;
    private static PGSimpleDataSource dataSource;

    /** What the stand-in broker acknowledged, in the order it did. */
    private final List<OutboxRecord> acknowledged = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createDatabase() throws Exception {
        adminUrl = env("TROUPE_TEST_JDBC_URL", "jdbc:postgresql://localhost:5432/postgres");
        user = env("TROUPE_TEST_JDBC_USER", "postgres");
        password = env("TROUPE_TEST_JDBC_PASSWORD", "");
        database = "troupe_outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("TROUPE_REQUIRE_PG"))) {
                throw e;
            }
            Path dir = Files.createTempDirectory("troupe-outbox-pg");
            embedded = EmbeddedPostgres.start(dir.resolve("data"), dir.resolve("pg.log"), Duration.ofSeconds(60));
            adminUrl = embedded.jdbcUrl();
            user = embedded.user();
            password = embedded.password();
            execute("CREATE DATABASE " + database);
        }
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        try (Connection c = dataSource.getConnection();
             InputStream ddl = OutboxRelayTest.class.getResourceAsStream("/" + Outbox.LOCATION
                     + "/R__troupe_outbox.sql")) {
            c.createStatement().execute(new String(ddl.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        if (embedded != null) {
            embedded.close();
        }
    }

    @BeforeEach
    void emptyOutbox() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute("DELETE FROM " + Outbox.TABLE);
        }
    }

    @Test
    void aSenderThatFailsThenRecoversGetsEveryRowInAppendOrderAndTheOutboxEmpties() throws Exception {
        // Given 10 events of two runs, interleaved, in the outbox
        List<String> appended = appendTaskEvents(10, "run-a", "run-b");
        // and a broker that refuses two batches (of 4), then leaves one unanswered, then takes everything
        AtomicInteger calls = new AtomicInteger();
        OutboxSender flaky = record -> {
            int n = calls.incrementAndGet();
            if (n <= 8) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            if (n <= 12) {
                return new CompletableFuture<>(); // never acknowledged
            }
            return ack(record);
        };

        // When the relay runs
        try (OutboxRelay relay = new OutboxRelay("test", dataSource, flaky, SETTINGS)) {
            relay.start();

            // Then every event is delivered, and the outbox is empty
            await().atMost(Duration.ofSeconds(20)).until(() -> rows() == 0);
        }
        assertThat(calls.get()).as("sends, failed ones included").isEqualTo(22);
        assertThat(firstDeliveries()).containsExactlyElementsOf(appended);
        // in append order per run, with the ids they were appended with
        Map<String, List<String>> perRun = firstDeliveries().stream().collect(Collectors.groupingBy(
                id -> id.substring(0, id.indexOf(':')), Collectors.toList()));
        assertThat(perRun.get("run-a")).containsExactlyElementsOf(ofRun(appended, "run-a"));
        assertThat(perRun.get("run-b")).containsExactlyElementsOf(ofRun(appended, "run-b"));
    }

    @Test
    void aRestartedRelayDrainsWhatAStoppedOneLeft() throws Exception {
        // Given a relay whose broker never answers, stopped with 6 events undelivered
        List<String> appended = appendTaskEvents(6, "run-c");
        try (OutboxRelay stuck = new OutboxRelay("stuck", dataSource, r -> new CompletableFuture<>(), SETTINGS)) {
            stuck.start();
            stuck.signal();
        }
        assertThat(rows()).isEqualTo(6);

        // When a new relay starts on the same database
        try (OutboxRelay restarted = new OutboxRelay("restarted", dataSource, this::ack, SETTINGS)) {
            restarted.start();

            // Then it sends them all, in append order, and deletes them
            await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 0);
        }
        assertThat(firstDeliveries()).containsExactlyElementsOf(appended);
    }

    @Test
    void anEventOfARolledBackTransactionIsNeverSent() throws Exception {
        // Given an event appended in a transaction that is rolled back, and one in a transaction that commits
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Outbox.append(c, "task-events", done("run-d", "rolled-back"), "id-rolled-back");
            c.rollback();
            Outbox.append(c, "task-events", done("run-d", "committed"), "id-committed");
            c.commit();
        }

        // When the relay drains the outbox
        try (OutboxRelay relay = new OutboxRelay("tx", dataSource, this::ack, SETTINGS)) {
            relay.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 0);
        }

        // Then only the committed event went out, as the CloudEvent it was appended as
        assertThat(acknowledged).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("id-committed");
            assertThat(r.channel()).isEqualTo("task-events");
            assertThat(r.type()).isEqualTo(Events.typeOf(TaskEvent.TaskDone.class));
            assertThat(Events.fromJson(r.type(), r.payload())).contains(done("run-d", "committed"));
        });
    }

    private CompletionStage<Void> ack(OutboxRecord record) {
        acknowledged.add(record);
        return CompletableFuture.completedFuture(null);
    }

    /** The ids acknowledged, each at its first acknowledgement (a resend of an id is the same fact). */
    private List<String> firstDeliveries() {
        return List.copyOf(acknowledged.stream().map(OutboxRecord::id)
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private static List<String> ofRun(List<String> ids, String runId) {
        return ids.stream().filter(id -> id.startsWith(runId + ":")).toList();
    }

    /** Appends {@code n} events, cycling through {@code runs}, each in its own transaction; their ids in order. */
    private static List<String> appendTaskEvents(int n, String... runs) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                String runId = runs[i % runs.length];
                String id = runId + ":" + i;
                Outbox.append(c, "task-events", done(runId, "t" + i), id);
                c.commit();
                ids.add(id);
            }
        }
        return ids;
    }

    private static TroupeEvent done(String runId, String taskId) {
        return new TaskEvent.TaskDone(runId, taskId, "agent-1", Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static long rows() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + Outbox.TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password)) {
            c.createStatement().execute(sql);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
