package io.troupe.workspace.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.workspace.Mode;
import io.troupe.workspace.Precondition;
import io.troupe.workspace.Workspace;
import io.troupe.workspace.WorkspacePath;
import io.troupe.support.store.EmbeddedPostgres;
import io.troupe.workspace.config.Database;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store on the embedded PostgreSQL a local Troupe uses by default (the ITs use a PostgreSQL
 * server): the same migration, and the same guarantee that of concurrent writers on one base
 * exactly one wins.
 */
class FileStoreOnEmbeddedPostgresTest {
    private static final WorkspacePath PATH = WorkspacePath.of("src/shared.py");
    private static final int WRITERS = 12;

    @TempDir
    static Path dir;
    private static EmbeddedPostgres server;

    private FileStore store;

    @BeforeAll
    static void startTheServer() {
        server = EmbeddedPostgres.start(dir.resolve("data"), dir.resolve("postgres.log"), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopTheServer() {
        server.close();
    }

    @BeforeEach
    void migrateAFreshDatabase() throws Exception {
        String database = "files_" + UUID.randomUUID().toString().replace("-", "");
        try (var admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl().replace("/postgres", "/" + database));
        dataSource.setUser(server.user());
        dataSource.setPassword(server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        store = new FileStore(new Database(dataSource));
        assertThat(store.create(new Workspace("r1", Mode.OPTIMISTIC, "pytest", "coordinator", Instant.now()),
                Map.of(PATH, "base"))).isTrue();
    }

    @Test
    void ofConcurrentWritersOnTheSameBaseExactlyOneAppends() throws Exception {
        // When
        List<Precondition.Decision> decisions = concurrently(i ->
                store.write("r1", PATH, new Precondition.IfMatch(1), "agent-" + i, "v" + i).orElseThrow().decision());

        // Then
        assertThat(decisions).filteredOn(Precondition.Append.class::isInstance).hasSize(1);
        assertThat(decisions).filteredOn(Precondition.Conflict.class::isInstance).hasSize(WRITERS - 1)
                .allSatisfy(d -> assertThat(((Precondition.Conflict) d).headVersion()).isEqualTo(2));
        assertThat(store.history("r1", PATH)).extracting(v -> v.version()).containsExactly(1L, 2L);
    }

    @Test
    void inLastWriterWinsModeConcurrentWritersAllAppendAndLostUpdatesAreOverwrites() throws Exception {
        // Given
        assertThat(store.create(new Workspace("lww", Mode.LAST_WRITER_WINS, "pytest", "coordinator", Instant.now()),
                Map.of(PATH, "base"))).isTrue();

        // When: every writer claims to have read version 1
        List<FileStore.WriteResult> results = concurrently(i -> store.write("lww", PATH, new Precondition.IfMatch(1),
                "agent-" + i, "v" + i).orElseThrow());

        // Then: nobody is refused, the history is a gap-free chain, and all but the first replaced unread work
        assertThat(results).allSatisfy(r -> assertThat(r.decision()).isInstanceOf(Precondition.Append.class));
        assertThat(store.history("lww", PATH)).extracting(v -> v.version())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, WRITERS + 1).boxed().toList());
        assertThat(results).filteredOn(r -> r.overwrite().isPresent()).hasSize(WRITERS - 1)
                .allSatisfy(r -> assertThat(r.overwrite().get().destroyedChars()).isBetween(2L, 3L));
        var accounting = store.accounting("lww");
        assertThat(accounting.overwrites()).hasSize(WRITERS - 1);
        assertThat(accounting.rewrites()).isEqualTo(WRITERS);
        assertThat(accounting.conflicts()).isZero();
    }

    @Test
    void aNewFileBeyondTheLimitIsRefusedButAnExistingOneCanBeWritten() {
        var limits = new FileStore.Limits(java.time.Duration.ofSeconds(2), 2);
        assertThat(store.write("r1", WorkspacePath.of("two.py"), new Precondition.IfAbsent(), "a", "2", limits)
                .orElseThrow().decision()).isInstanceOf(Precondition.Append.class);

        // When / Then
        assertThat(store.write("r1", WorkspacePath.of("three.py"), new Precondition.IfAbsent(), "a", "3", limits)
                .orElseThrow().decision()).isEqualTo(new Precondition.TooManyFiles(2));
        assertThat(store.write("r1", PATH, new Precondition.IfMatch(1), "a", "again", limits)
                .orElseThrow().decision()).isInstanceOf(Precondition.Append.class);
        assertThat(store.heads("r1")).hasSize(2);
    }

    @Test
    void creatingAnExistingWorkspaceWritesNothing() {
        // When
        boolean created = store.create(new Workspace("r1", Mode.OPTIMISTIC, "other", "x", Instant.now()),
                Map.of(WorkspacePath.of("other.py"), "x"));

        // Then
        assertThat(created).isFalse();
        assertThat(store.heads("r1")).extracting(h -> h.path()).containsExactly(PATH.value());
        assertThat(store.workspace("r1").orElseThrow().testCommand()).isEqualTo("pytest");
    }

    @Test
    void aWriteToAnUnknownRunIsEmpty() {
        assertThat(store.write("nope", PATH, new Precondition.None(), "agent-1", "x")).isEmpty();
    }

    private interface Call<T> {
        T call(int writer) throws Exception;
    }

    private static <T> List<T> concurrently(Call<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 1; i <= WRITERS; i++) {
                int writer = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call(writer);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }
}
