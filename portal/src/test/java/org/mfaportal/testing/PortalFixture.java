package org.mfaportal.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.mfaportal.aws.AssignmentStatus;
import org.mfaportal.aws.IamGateway;

/** Puts a test user back to "no device, no keys, no failures, no rate-limit budget used". */
public final class TestUsers {

    private TestUsers() {
    }

    public static void reset(IamGateway iam, DataSource dataSource, String user) {
        iam.listMfaDevices(user).forEach(d -> {
            iam.deactivateMfaDevice(user, d.serialNumber());
            iam.deleteVirtualMfaDevice(d.serialNumber());
        });
        iam.listAllVirtualMfaDevices(AssignmentStatus.UNASSIGNED).stream()
                .filter(d -> d.serialNumber().contains("/" + user + "/"))
                .forEach(d -> iam.deleteVirtualMfaDevice(d.serialNumber()));
        iam.listAccessKeys(user).forEach(k -> iam.deleteAccessKey(user, k.accessKeyId()));
        for (String table : List.of("code_failure", "pending_enrollment", "prepared_access_key", "issued_access_key",
                "request_rate")) {
            execute(dataSource, "DELETE FROM " + table + " WHERE user_name = ?", user);
        }
    }

    /** The single number a {@code SELECT COUNT(*) ... ?} query answers for {@code value}. */
    public static long count(DataSource dataSource, String sql, String value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(DataSource dataSource, String sql, String value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
