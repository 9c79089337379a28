package io.troupe.workspace.config;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one active datasource: PostgreSQL when {@code quarkus.datasource.pg.active} is true (on a
 * cluster, in tests with PostgresResource), else the embedded H2 file database.
 */
@ApplicationScoped
public class Database {
    private final AgroalDataSource dataSource;
    private final boolean postgres;

    Database(@DataSource("pg") InjectableInstance<AgroalDataSource> pg,
             @DataSource("h2") InjectableInstance<AgroalDataSource> h2,
             @ConfigProperty(name = "quarkus.datasource.pg.active", defaultValue = "false") boolean pgActive) {
        this.postgres = pgActive;
        this.dataSource = pgActive ? pg.get() : h2.get();
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public boolean isPostgres() {
        return postgres;
    }
}
