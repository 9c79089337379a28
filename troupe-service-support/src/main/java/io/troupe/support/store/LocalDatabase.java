package io.troupe.support.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The database of a service that stores data (coordinator, workspace): the PostgreSQL server named
 * by {@code quarkus.datasource.pg.*} when {@code quarkus.datasource.pg.active} is true (a cluster,
 * the tests), else an {@link EmbeddedPostgres} on {@code <troupe.data-dir>/<service>}, the local
 * default. The service's main method calls {@link #configure} before Quarkus starts, which is
 * why the two settings are read from system properties and the environment only (they are set
 * there, by the launcher or the chart, never in a packaged application.properties).
 */
public final class LocalDatabase {
    private static final Logger LOG = Logger.getLogger(LocalDatabase.class);
    private static final Duration START = Duration.ofSeconds(60);
    static final String ACTIVE = "quarkus.datasource.pg.active";
    static final String DATA_DIR = "troupe.data-dir";

    private LocalDatabase() {
    }

    /**
     * Unless a PostgreSQL server is configured, starts the embedded one and points the {@code pg}
     * datasource at it (as system properties, which Quarkus reads as configuration).
     */
    public static Optional<EmbeddedPostgres> configure(String service) {
        if (setting(ACTIVE).map(Boolean::parseBoolean).orElse(false)) {
            return Optional.empty();
        }
        Path dataDir = Path.of(setting(DATA_DIR).orElse(".troupe/data"));
        Instant begin = Instant.now();
        EmbeddedPostgres server = EmbeddedPostgres.start(dataDir.resolve(service),
                dataDir.resolve(service + "-postgres.log"), START);
        if (!EmbeddedPostgres.stopsWithThisProcess()) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
        }
        System.setProperty(ACTIVE, "true");
        System.setProperty("quarkus.datasource.pg.jdbc.url", server.jdbcUrl());
        System.setProperty("quarkus.datasource.pg.username", server.user());
        System.setProperty("quarkus.datasource.pg.password", server.password());
        LOG.infof("embedded PostgreSQL on %s (pid %d) ready in %d ms", dataDir.resolve(service).toAbsolutePath(),
                server.pid(), Duration.between(begin, Instant.now()).toMillis());
        return Optional.of(server);
    }

    /** A system property, else its environment variable (MicroProfile Config's naming: upper case, '_'). */
    static Optional<String> setting(String name) {
        String property = System.getProperty(name);
        if (property != null && !property.isBlank()) {
            return Optional.of(property);
        }
        String env = System.getenv(name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
    }
}
