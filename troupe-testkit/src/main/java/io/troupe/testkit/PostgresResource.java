package io.troupe.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a Quarkus test application a fresh PostgreSQL database of its own, on the server at
 * {@code TROUPE_TEST_JDBC_URL} (default {@code jdbc:postgresql://localhost:5432/postgres}),
 * and drops it afterwards. The service's {@code pg} datasource is activated and its embedded
 * {@code h2} one deactivated.
 *
 * <p>If no PostgreSQL answers, the test fails when {@code TROUPE_REQUIRE_PG=1} (as in CI);
 * otherwise it falls back to an in-memory H2 database and says so.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/postgres";

    private String adminUrl;
    private String user;
    private String database;

    @Override
    public Map<String, String> start() {
        adminUrl = env("TROUPE_TEST_JDBC_URL", DEFAULT_URL);
        user = env("TROUPE_TEST_JDBC_USER", "postgres");
        database = "troupe_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminUrl, user, env("TROUPE_TEST_JDBC_PASSWORD", ""))) {
            c.createStatement().execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("TROUPE_REQUIRE_PG"))) {
                throw new IllegalStateException("PostgreSQL is required (TROUPE_REQUIRE_PG=1) but " + adminUrl
                        + " refused: " + e.getMessage(), e);
            }
            System.err.println("WARNING: no PostgreSQL at " + adminUrl + " (" + e.getMessage()
                    + "); this test runs on in-memory H2 instead");
            database = null;
            return Map.of("quarkus.datasource.h2.active", "true",
                    "quarkus.datasource.pg.active", "false",
                    "quarkus.datasource.h2.jdbc.url",
                    "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        }
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        return Map.of("quarkus.datasource.pg.active", "true",
                "quarkus.datasource.h2.active", "false",
                "quarkus.datasource.pg.jdbc.url", url,
                "quarkus.datasource.pg.username", user,
                "quarkus.datasource.pg.password", env("TROUPE_TEST_JDBC_PASSWORD", ""));
    }

    @Override
    public void stop() {
        if (database == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, env("TROUPE_TEST_JDBC_PASSWORD", ""))) {
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
