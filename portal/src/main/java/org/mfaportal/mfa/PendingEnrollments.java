package org.mfaportal.mfa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Enrollments started and not finished, in the database so every replica sees them. No seeds. */
@ApplicationScoped
public class PendingEnrollments {

    private final DataSource dataSource;

    PendingEnrollments(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<PendingEnrollment> forUser(String userName) {
        return query("SELECT serial_number, user_name, started_at FROM pending_enrollment WHERE user_name = ?"
                + " ORDER BY started_at DESC", userName);
    }

    /** Every pending enrollment, for the admin overview. */
    public List<PendingEnrollment> all() {
        return query("SELECT serial_number, user_name, started_at FROM pending_enrollment ORDER BY started_at", null);
    }

    /**
     * The pending enrollments of the given devices, keyed by serial number: one query per thousand serials, so
     * an admin listing costs one query per page however many rows it shows.
     */
    public Map<String, PendingEnrollment> forSerials(Collection<String> serialNumbers) {
        Map<String, PendingEnrollment> result = new HashMap<>();
        List<String> serials = List.copyOf(serialNumbers);
        for (int from = 0; from < serials.size(); from += 1000) {
            List<String> chunk = serials.subList(from, Math.min(serials.size(), from + 1000));
            String sql = "SELECT serial_number, user_name, started_at FROM pending_enrollment WHERE serial_number IN ("
                    + "?,".repeat(chunk.size() - 1) + "?)";
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.put(rs.getString(1), new PendingEnrollment(rs.getString(1), rs.getString(2),
                                rs.getTimestamp(3).toInstant()));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not read pending enrollments", e);
            }
        }
        return result;
    }

    public void add(PendingEnrollment enrollment) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO pending_enrollment (serial_number, user_name, started_at) VALUES (?, ?, ?)")) {
            ps.setString(1, enrollment.serialNumber());
            ps.setString(2, enrollment.userName());
            ps.setTimestamp(3, Timestamp.from(enrollment.startedAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the pending enrollment", e);
        }
    }

    public void remove(String serialNumber) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM pending_enrollment WHERE serial_number = ?")) {
            ps.setString(1, serialNumber);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not remove the pending enrollment", e);
        }
    }

    private List<PendingEnrollment> query(String sql, String userName) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (userName != null) {
                ps.setString(1, userName);
            }
            List<PendingEnrollment> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new PendingEnrollment(rs.getString(1), rs.getString(2),
                            rs.getTimestamp(3).toInstant()));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read pending enrollments", e);
        }
    }
}
