package io.troupe.coordinator.board;

import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TeamMember;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code run_agents} table: the team each run recruited, and when it let its agents go. */
@ApplicationScoped
public class TeamStore {
    private final Database db;

    public TeamStore(Database db) {
        this.db = db;
    }

    /** Stores {@code team} of {@code runId}, inside the transaction that inserts the run. */
    static void insert(Connection c, String runId, List<TeamMember> team) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_agents (run_id, seq, agent_id, recruited) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < team.size(); i++) {
                ps.setString(1, runId);
                ps.setInt(2, i);
                ps.setString(3, team.get(i).agentId());
                ps.setBoolean(4, team.get(i).recruited());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The team of {@code runId} in team order; empty for a run stored before teams were. */
    public List<TeamMember> team(String runId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT agent_id, recruited FROM run_agents WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, runId);
            List<TeamMember> team = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    team.add(new TeamMember(rs.getString(1), rs.getBoolean(2)));
                }
            }
            return team;
        } catch (SQLException e) {
            throw new StorageException("cannot read the team of run " + runId, e);
        }
    }

    /** Agent id to the RUNNING runs that recruited it and have not let it go. */
    public Map<String, List<String>> recruitedByRunningRuns() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT a.agent_id, a.run_id FROM run_agents a JOIN runs r ON r.id = a.run_id "
                        + "WHERE a.recruited AND a.released_at IS NULL AND r.status = ? ORDER BY r.created_at")) {
            ps.setString(1, RunStatus.RUNNING.code());
            Map<String, List<String>> byAgent = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byAgent.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return byAgent;
        } catch (SQLException e) {
            throw new StorageException("cannot read the recruited agents", e);
        }
    }

    /** Lets the agents of {@code runId} go; how many were still held. */
    public int release(String runId, Instant at) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE run_agents SET released_at = ? WHERE run_id = ? AND released_at IS NULL")) {
            ps.setObject(1, RunStore.utc(at));
            ps.setString(2, runId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot release the team of run " + runId, e);
        }
    }
}
