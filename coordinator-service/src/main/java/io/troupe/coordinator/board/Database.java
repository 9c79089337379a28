package io.troupe.coordinator.board;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The coordinator's PostgreSQL: the server named by {@code quarkus.datasource.pg.*} (Kubernetes,
 * tests), else the embedded one that {@code CoordinatorMain} started (the local default).
 */
@ApplicationScoped
public class Database {
    private final AgroalDataSource dataSource;

    public Database(@DataSource("pg") AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }
}
