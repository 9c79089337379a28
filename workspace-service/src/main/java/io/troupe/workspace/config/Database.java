package io.troupe.workspace.config;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The workspace's PostgreSQL: the server named by {@code quarkus.datasource.pg.*} (on a cluster, in
 * tests with PostgresResource), else the embedded one that {@code WorkspaceMain} started (the
 * local default).
 */
@ApplicationScoped
public class Database {
    private final javax.sql.DataSource dataSource;

    @Inject
    Database(@DataSource("pg") AgroalDataSource dataSource) {
        this((javax.sql.DataSource) dataSource);
    }

    /** A database outside CDI, for tests of the stores. */
    public Database(javax.sql.DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }
}
