package io.troupe.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.troupe.support.store.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a Quarkus test application a fresh PostgreSQL database of its own, on the server at
 * {@code TROUPE_TEST_JDBC_URL} (default {@code jdbc:postgresql://localhost:5432/postgres}),
 * and drops it afterwards. The service's {@code pg} datasource is activated for it.
 *
 * <p>If no PostgreSQL answers, the test fails when {@code TROUPE_REQUIRE_PG=1} (as in CI);
 * otherwise it falls back to the services' local default, an embedded PostgreSQL (one per test
 * JVM, in a temporary directory), and says so.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/postgres";

    private static EmbeddedPostgres embedded;

    private String adminUrl;
    private String user;
    private String password;
    private String database;

    @Override
    public Map<String, String> start() {
        adminUrl = env("TROUPE_TEST_JDBC_URL", DEFAULT_URL);
        user = env("TROUPE_TEST_JDBC_USER", "postgres");
        password = env("TROUPE_TEST_JDBC_PASSWORD", "");
        database = "troupe_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            createDatabase();
        } catch (SQLException e) {
            if ("1".equals(System.getenv("TROUPE_REQUIRE_PG"))) {
                throw new IllegalStateException("PostgreSQL is required (TROUPE_REQUIRE_PG=1) but " + adminUrl
                        + " refused: " + e.getMessage(), e);
            }
            System.err.println("WARNING: no PostgreSQL at " + adminUrl + " (" + e.getMessage()
                    + "); this test runs on an embedded PostgreSQL instead");
            EmbeddedPostgres server = embedded();
            adminUrl = server.jdbcUrl();
            user = server.user();
            password = server.password();
            try {
                createDatabase();
            } catch (SQLException again) {
                throw new IllegalStateException("the embedded PostgreSQL refused: " + again.getMessage(), again);
            }
        }
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        return Map.of("quarkus.datasource.pg.active", "true",
                "quarkus.datasource.pg.jdbc.url", url,
                "quarkus.datasource.pg.username", user,
                "quarkus.datasource.pg.password", password);
    }

    private void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password)) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
    }

    // One server for all the tests of this JVM; it stops with the JVM (see EmbeddedPostgres).
    private static synchronized EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                Path dir = Files.createTempDirectory("troupe-test-pg");
                embedded = EmbeddedPostgres.start(dir.resolve("data"), dir.resolve("postgres.log"),
                        Duration.ofSeconds(60));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!EmbeddedPostgres.stopsWithThisProcess()) {
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-postgres-stop"));
            }
        }
        return embedded;
    }

    @Override
    public void stop() {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("WARNING: could not drop test database " + database + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
