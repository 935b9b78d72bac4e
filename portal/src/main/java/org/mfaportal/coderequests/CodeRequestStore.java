package org.mfaportal.coderequests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Code requests in the database, shared by every replica. State changes are single conditional updates, so two
 * replicas (or two polls) racing on one request cannot both win: one answer, one hand-over.
 */
@ApplicationScoped
class CodeRequestStore {

    private static final String COLUMNS = "id, user_name, subject, machine, command, role_arn, duration_seconds, format,"
            + " region, profile_name, status, created_at, expires_at, serial_number";

    private final DataSource dataSource;

    CodeRequestStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(CodeRequest r, String pollSecretHash) {
        String sql = "INSERT INTO code_request (" + COLUMNS + ", poll_secret_hash) VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, r.id());
            ps.setString(2, r.userName());
            ps.setString(3, r.subject());
            ps.setString(4, r.machine());
            ps.setString(5, r.command());
            ps.setString(6, r.roleArn());
            if (r.durationSeconds() == null) {
                ps.setNull(7, Types.INTEGER);
            } else {
                ps.setInt(7, r.durationSeconds());
            }
            ps.setString(8, r.format());
            ps.setString(9, r.region());
            ps.setString(10, r.profileName());
            ps.setString(11, r.status().name());
            ps.setTimestamp(12, Timestamp.from(r.createdAt()));
            ps.setTimestamp(13, Timestamp.from(r.expiresAt()));
            ps.setString(14, r.serialNumber());
            ps.setString(15, pollSecretHash);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store a code request", e);
        }
    }

    Optional<CodeRequest> find(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM code_request WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read a code request", e);
        }
    }

    /** The poll secret's hash of request {@code id}, if it exists. */
    Optional<String> pollSecretHash(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT poll_secret_hash FROM code_request WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read a code request", e);
        }
    }

    long countOpen(String userName, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM code_request WHERE user_name = ? AND status = 'PENDING' AND expires_at > ?")) {
            ps.setString(1, userName);
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count code requests", e);
        }
    }

    /** Stores the sealed credentials of a pending, unexpired request; false if it was closed meanwhile. */
    boolean answer(String id, String sealedCredentials, Instant now) {
        return update("UPDATE code_request SET status = 'ANSWERED', credentials = ? WHERE id = ? AND status = 'PENDING'"
                + " AND expires_at > ?", sealedCredentials, id, now);
    }

    /** Refuses a pending request; false if it was closed meanwhile. */
    boolean refuse(String id, Instant now) {
        return update("UPDATE code_request SET status = 'REFUSED' WHERE id = ? AND status = 'PENDING' AND expires_at > ?",
                null, id, now);
    }

    /**
     * Takes the sealed credentials of an answered request and deletes them: of two pollers racing, only the one whose
     * update wins gets them.
     */
    Optional<String> takeCredentials(String id) {
        try (Connection c = dataSource.getConnection()) {
            String sealed;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT credentials FROM code_request WHERE id = ? AND status = 'ANSWERED'")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null) {
                        return Optional.empty();
                    }
                    sealed = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE code_request SET status = 'DELIVERED', credentials = NULL"
                    + " WHERE id = ? AND status = 'ANSWERED'")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1 ? Optional.of(sealed) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not hand over code request credentials", e);
        }
    }

    /** Deletes the credentials of expired requests at once, and the requests themselves an hour after expiry. */
    void sweep(Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement clear = c.prepareStatement(
                        "UPDATE code_request SET credentials = NULL WHERE credentials IS NOT NULL AND expires_at <= ?");
                PreparedStatement delete = c.prepareStatement("DELETE FROM code_request WHERE expires_at <= ?")) {
            clear.setTimestamp(1, Timestamp.from(now));
            clear.executeUpdate();
            delete.setTimestamp(1, Timestamp.from(now.minusSeconds(3600)));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not sweep code requests", e);
        }
    }

    private boolean update(String sql, String sealed, String id, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (sealed != null) {
                ps.setString(i++, sealed);
            }
            ps.setString(i++, id);
            ps.setTimestamp(i, Timestamp.from(now));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update a code request", e);
        }
    }

    private static CodeRequest read(ResultSet rs) throws SQLException {
        int seconds = rs.getInt("duration_seconds");
        Integer duration = rs.wasNull() ? null : seconds;
        return new CodeRequest(rs.getString("id"), rs.getString("user_name"), rs.getString("subject"),
                rs.getString("machine"), rs.getString("command"), rs.getString("role_arn"), duration, rs.getString("format"), rs.getString("region"),
                rs.getString("profile_name"), CodeRequestStatus.valueOf(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                rs.getString("serial_number"));
    }
}
