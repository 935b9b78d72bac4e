package org.mfaportal.credentials.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.aws.AccessKey;

/** Keys prepared ahead of an issuance, sealed, in the database so any replica can claim them. */
@ApplicationScoped
public class PreparedKeys {

    /** A claimed key with the ledger row that tracks it. */
    public record Claimed(long ledgerId, AccessKey key) {
    }

    private final DataSource dataSource;
    private final SecretSealer sealer;

    PreparedKeys(DataSource dataSource, SecretSealer sealer) {
        this.dataSource = dataSource;
        this.sealer = sealer;
    }

    /** Stores an accepted key for the next issuance and marks its ledger row {@code PREPARED}, atomically. */
    public void store(long ledgerId, AccessKey key, Instant now) {
        String sql = "INSERT INTO prepared_access_key (ledger_id, user_name, access_key_id, sealed_secret, created_at)"
                + " VALUES (?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql);
                    PreparedStatement mark = c.prepareStatement(
                            "UPDATE issued_access_key SET state = 'PREPARED' WHERE id = ?")) {
                ps.setLong(1, ledgerId);
                ps.setString(2, key.userName());
                ps.setString(3, key.accessKeyId());
                ps.setString(4, sealer.seal(key.secretAccessKey(), key.userName() + "/" + key.accessKeyId()));
                ps.setTimestamp(5, Timestamp.from(now));
                ps.executeUpdate();
                mark.setLong(1, ledgerId);
                mark.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store a prepared key", e);
        }
    }

    /**
     * Takes the user's newest prepared key created after {@code notBefore}, if any. Exactly one caller wins a
     * key, even across replicas: the row is deleted and only the caller whose delete removed it uses the key.
     */
    public Optional<Claimed> claim(String userName, Instant notBefore) {
        String select = "SELECT ledger_id, access_key_id, sealed_secret, created_at FROM prepared_access_key"
                + " WHERE user_name = ? AND created_at >= ? ORDER BY created_at DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(select)) {
            ps.setString(1, userName);
            ps.setTimestamp(2, Timestamp.from(notBefore));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ledgerId = rs.getLong(1);
                    if (delete(c, ledgerId)) {
                        String keyId = rs.getString(2);
                        String secret = sealer.open(rs.getString(3), userName + "/" + keyId);
                        return Optional.of(new Claimed(ledgerId,
                                new AccessKey(userName, keyId, secret, rs.getTimestamp(4).toInstant())));
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim a prepared key", e);
        }
    }

    /** Whether a key is prepared (or being prepared, per the ledger) for the user since {@code since}. */
    public boolean exists(String userName, Instant since) {
        String sql = "SELECT 1 FROM issued_access_key WHERE user_name = ? AND started_at >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userName);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read prepared keys", e);
        }
    }

    /**
     * When the newest key still being prepared for the user (created, or waiting for AWS to accept it, not yet
     * stored) was begun, if one was begun since {@code since}.
     */
    public Optional<Instant> preparingSince(String userName, Instant since) {
        String sql = "SELECT MAX(started_at) FROM issued_access_key WHERE user_name = ? AND state = 'PREPARING'"
                + " AND started_at >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userName);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp started = rs.getTimestamp(1);
                return Optional.ofNullable(started).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read prepared keys", e);
        }
    }

    /** Forgets prepared keys older than {@code before} (their keys are the sweeper's to delete). */
    public void forgetOlderThan(Instant before) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM prepared_access_key WHERE created_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not forget old prepared keys", e);
        }
    }

    private static boolean delete(Connection c, long ledgerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM prepared_access_key WHERE ledger_id = ?")) {
            ps.setLong(1, ledgerId);
            return ps.executeUpdate() == 1;
        }
    }
}
