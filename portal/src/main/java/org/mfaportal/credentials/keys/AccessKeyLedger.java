package org.mfaportal.credentials.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The database record of every short-lived access key the portal creates for an engineer, written before the
 * key exists so that a crash at any point leaves a trace the sweeper can act on. Never holds a secret.
 */
@ApplicationScoped
public class AccessKeyLedger {

    /**
     * A ledger row. {@code accessKeyId} is {@code null} while the key is being created. {@code state} is
     * {@code PENDING} then {@code ACTIVE} for a key an issuance makes for itself, and {@code PREPARING} then
     * {@code PREPARED} for a key made ahead of an issuance ({@link PreparedKeys}).
     */
    public record Entry(long id, String userName, String accessKeyId, String state, Instant startedAt, String owner) {
    }

    private final DataSource dataSource;

    AccessKeyLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the intent to create a key for {@code userName}; returns the row id. */
    public long begin(String userName, String owner, Instant now) {
        return insert(userName, "PENDING", owner, now);
    }

    /**
     * Records the intent to create a key ahead of an issuance; an issuance that finds such a row waits for the
     * key instead of making a second one. Returns the row id.
     */
    public long beginPreparation(String userName, String owner, Instant now) {
        return insert(userName, "PREPARING", owner, now);
    }

    private long insert(String userName, String state, String owner, Instant now) {
        String sql = "INSERT INTO issued_access_key (user_name, state, started_at, owner) VALUES (?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql, new String[] { "id" })) {
            ps.setString(1, userName);
            ps.setString(2, state);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, owner);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the access key ledger", e);
        }
    }

    /** Completes the row with the key id once AWS created the key (a key being prepared stays PREPARING). */
    public void created(long id, String accessKeyId) {
        update("UPDATE issued_access_key SET access_key_id = ?,"
                + " state = CASE WHEN state = 'PREPARING' THEN state ELSE 'ACTIVE' END WHERE id = ?", accessKeyId, id);
    }

    /** Removes the row once the key is deleted (or was never created). */
    public void done(long id) {
        update("DELETE FROM issued_access_key WHERE id = ?", null, id);
    }

    /** Rows older than {@code before}: keys a crash or a failed delete left behind. */
    public List<Entry> olderThan(Instant before) {
        return select(" WHERE started_at < ? ORDER BY started_at", null, before);
    }

    /**
     * Rows of {@code userName} older than {@code before} for keys used by an issuance (not prepared ahead, which the
     * next issuance claims): left behind if older than an issuance can last.
     */
    public List<Entry> issuingOlderThan(String userName, Instant before) {
        return select(" WHERE user_name = ? AND state IN ('PENDING', 'ACTIVE', 'PREPARING') AND started_at < ?"
                + " ORDER BY started_at", userName, before);
    }

    private List<Entry> select(String where, String userName, Instant before) {
        String sql = "SELECT id, user_name, access_key_id, state, started_at, owner FROM issued_access_key" + where;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (userName != null) {
                ps.setString(i++, userName);
            }
            ps.setTimestamp(i, Timestamp.from(before));
            List<Entry> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getString(6)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the access key ledger", e);
        }
    }

    /** Every row, for tests and the operations page. */
    public List<Entry> all() {
        return olderThan(Instant.parse("9999-12-31T00:00:00Z"));
    }

    private void update(String sql, String value, long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (value != null) {
                ps.setString(i++, value);
            }
            ps.setLong(i, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the access key ledger", e);
        }
    }
}
