package io.troupe.support.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aCommitAnsweredBeforeTheServerIsKilledIsThereWhenItIsStartedAgainOnTheSameDirectory() throws Exception {
        // Given a server on a fresh directory, with one committed row
        EmbeddedPostgres first = EmbeddedPostgres.start(dir.resolve("data"), dir.resolve("pg.log"), START);
        try (Connection c = connect(first)) {
            c.createStatement().execute("CREATE TABLE t (id int primary key)");
            c.createStatement().execute("INSERT INTO t VALUES (1)");
        }

        // When the server is killed (no shutdown, no checkpoint) and started again on the same directory
        ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
        ProcessHandle.of(first.pid()).ifPresent(p -> p.onExit().join());
        EmbeddedPostgres second = EmbeddedPostgres.start(dir.resolve("data"), dir.resolve("pg.log"), START);

        // Then the row is there, and the password the first start chose still opens it
        try (Connection c = connect(second)) {
            var rows = c.createStatement().executeQuery("SELECT count(*) FROM t WHERE id = 1");
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        } finally {
            second.close();
        }
        assertThat(Files.readString(dir.resolve("pg.log"))).contains("database system was interrupted");
    }

    @Test
    void theServerListensOnLoopbackOnlyAndWantsItsPassword() throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.start(dir.resolve("data"), dir.resolve("pg.log"), START);
        try {
            assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "wrong")) {
                throw new AssertionError("connected with a wrong password");
            } catch (SQLException e) {
                assertThat(e.getMessage()).contains("password authentication failed");
            }
            try (Connection c = connect(server)) {
                var rows = c.createStatement().executeQuery("SHOW synchronous_commit");
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("on");
            }
        } finally {
            server.close();
        }
        assertThat(ProcessHandle.of(server.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static Connection connect(EmbeddedPostgres server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }
}
