package io.troupe.workspace.config;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one active datasource: PostgreSQL when {@code quarkus.datasource.pg.active} is true (on a
 * cluster, in tests with PostgresResource), else the embedded H2 file database.
 */
@ApplicationScoped
public class Database {
    private final javax.sql.DataSource dataSource;

    @Inject
    Database(@DataSource("pg") InjectableInstance<AgroalDataSource> pg,
             @DataSource("h2") InjectableInstance<AgroalDataSource> h2,
             @ConfigProperty(name = "quarkus.datasource.pg.active", defaultValue = "false") boolean pgActive) {
        this(pgActive ? pg.get() : h2.get());
    }

    /** A database outside CDI, for tests of the stores. */
    public Database(javax.sql.DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }
}
