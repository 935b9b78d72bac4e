package org.mfaportal.mfa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.aws.IamGateway;
import org.mfaportal.aws.MfaDevice;
import org.mfaportal.aws.MfaDeviceKind;
import org.mfaportal.identity.IdentityConfig;

/**
 * The server-side record of every engineer's MFA devices (table {@code mfa_device}): name, kind, whether the portal
 * created it, when it was enabled, and when the engineer last used it. IAM stays the truth: every listing brings the
 * rows in line with what {@code ListMFADevices} answered (new devices added, vanished ones dropped, one re-created
 * under the same serial refreshed), so a device removed in the console does not linger. The portal's own changes
 * (activate, remove, deactivate) update the rows as they happen. A caller that trusts the rows without listing
 * ({@link #recorded(String)}, the issuance path: decision 0012) must re-check with {@link #devices(String)} when
 * STS refuses a serial.
 */
@ApplicationScoped
public class DeviceRegistry {

    /** Oldest first, as IAM enabled them; by name when IAM gives no date. */
    private static final Comparator<DeviceView> ORDER = Comparator
            .comparing(DeviceView::enabledAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(DeviceView::name);

    private final IamGateway iam;
    private final DataSource dataSource;
    private final IdentityConfig identity;
    private final Clock clock;

    DeviceRegistry(IamGateway iam, DataSource dataSource, IdentityConfig identity, Clock clock) {
        this.iam = iam;
        this.dataSource = dataSource;
        this.identity = identity;
        this.clock = clock;
    }

    /** The user's devices as IAM lists them now, oldest first; the table follows. */
    public List<DeviceView> devices(String userName) {
        return reconcile(userName, iam.listMfaDevices(userName));
    }

    /** The devices IAM just listed for the user, as views, oldest first; the table follows. */
    public List<DeviceView> reconcile(String userName, List<MfaDevice> listed) {
        Map<String, Instant> lastUsed = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            Map<String, Optional<Instant>> known = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT serial_number, last_used_at, enabled_at FROM mfa_device WHERE user_name = ?")) {
                ps.setString(1, userName);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp enabled = rs.getTimestamp(3);
                        known.put(rs.getString(1), Optional.ofNullable(enabled).map(Timestamp::toInstant));
                        Timestamp used = rs.getTimestamp(2);
                        if (used != null) {
                            lastUsed.put(rs.getString(1), used.toInstant());
                        }
                    }
                }
            }
            for (String serial : known.keySet()) {
                if (listed.stream().noneMatch(d -> d.serialNumber().equals(serial))) {
                    update(c, "DELETE FROM mfa_device WHERE serial_number = ?", serial);
                }
            }
            for (MfaDevice device : listed) {
                Optional<Instant> enabled = known.get(device.serialNumber());
                if (enabled == null) {
                    insert(c, userName, device);
                } else if (enabled.isEmpty() && device.enableDate() != null) {
                    // recorded by the portal when it could not list (record): IAM's date now
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE mfa_device SET enabled_at = ? WHERE serial_number = ?")) {
                        ps.setTimestamp(1, Timestamp.from(device.enableDate()));
                        ps.setString(2, device.serialNumber());
                        ps.executeUpdate();
                    }
                } else if (device.enableDate() != null && enabled.isPresent()
                        && !sameSecond(enabled.get(), device.enableDate())) {
                    // deleted and set up again under the same serial (the console reuses a name): a new device
                    insert(c, userName, device);
                    lastUsed.remove(device.serialNumber());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record MFA devices", e);
        }
        return listed.stream()
                .map(d -> new DeviceView(d.serialNumber(), d.name(), d.kind(), d.enableDate(),
                        createdByPortal(userName, d.serialNumber()), lastUsed.get(d.serialNumber())))
                .sorted(ORDER)
                .toList();
    }

    /**
     * The user's devices as the portal last recorded them (its last listing, and its own changes since), oldest
     * first, without asking IAM: one SQL query. Empty when the portal has never listed the user's devices. A device
     * changed outside the portal since then shows here as it was: check with {@link #devices(String)} when AWS
     * refuses one.
     */
    public List<DeviceView> recorded(String userName) {
        String sql = "SELECT serial_number, name, kind, created_by_portal, enabled_at, last_used_at FROM mfa_device"
                + " WHERE user_name = ?";
        List<DeviceView> devices = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp enabled = rs.getTimestamp(5);
                    Timestamp used = rs.getTimestamp(6);
                    devices.add(new DeviceView(rs.getString(1), rs.getString(2), MfaDeviceKind.valueOf(rs.getString(3)),
                            enabled == null ? null : enabled.toInstant(), rs.getBoolean(4),
                            used == null ? null : used.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read MFA devices", e);
        }
        devices.sort(ORDER);
        return devices;
    }

    /**
     * Records a device the portal just activated, for when listing the user's devices afterwards failed: the
     * issuance path finds it without asking IAM. Its enable date comes with the next listing.
     */
    public void record(String userName, DeviceView device) {
        try (Connection c = dataSource.getConnection()) {
            insert(c, userName, new MfaDevice(device.serialNumber(), userName, null));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record an MFA device", e);
        }
    }

    /** The device the user last used a code from, if the portal has seen them use one. */
    public Optional<String> lastUsed(String userName) {
        String sql = "SELECT serial_number FROM mfa_device WHERE user_name = ? AND last_used_at IS NOT NULL"
                + " ORDER BY last_used_at DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userName);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read MFA devices", e);
        }
    }

    /** The users the portal has seen with a device of that kind (as of the last listing of their devices). */
    public java.util.Set<String> usersWith(MfaDeviceKind kind) {
        java.util.Set<String> users = new java.util.HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT DISTINCT user_name FROM mfa_device WHERE kind = ?")) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read MFA devices", e);
        }
        return users;
    }

    /** The kinds of every device in the table, by user name (as of the last listing of each user's devices). */
    public Map<String, List<MfaDeviceKind>> kindsByUser() {
        Map<String, List<MfaDeviceKind>> kinds = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT user_name, kind FROM mfa_device");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                kinds.computeIfAbsent(rs.getString(1), u -> new ArrayList<>()).add(MfaDeviceKind.valueOf(rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read MFA devices", e);
        }
        return kinds;
    }

    /** Remembers that the user just used a code from the device (the default next time). */
    public void recordUse(String userName, String serialNumber) {
        String sql = "UPDATE mfa_device SET last_used_at = ? WHERE serial_number = ? AND user_name = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(Instant.now(clock)));
            ps.setString(2, serialNumber);
            ps.setString(3, userName);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the use of an MFA device", e);
        }
    }

    /** Drops a device the portal removed or deactivated. */
    public void forget(String serialNumber) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "DELETE FROM mfa_device WHERE serial_number = ?", serialNumber);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not forget an MFA device", e);
        }
    }

    /**
     * Whether the portal created the device: a virtual device under the user's own path
     * ({@code {managedPath}{user}/}, decision 0002). Everything else dates from before the portal or was made
     * elsewhere (the console, another path, a hardware token, a security key).
     */
    public boolean createdByPortal(String userName, String serialNumber) {
        return MfaDeviceKind.of(serialNumber) == MfaDeviceKind.AUTHENTICATOR_APP
                && serialNumber.contains(":mfa" + identity.managedPath() + userName + "/");
    }

    /**
     * Whether the portal may delete the virtual device after deactivating it: its IAM policy allows
     * {@code DeleteVirtualMFADevice} under the managed path only (k8s/iam, decision 0010).
     */
    public boolean deletableByPortal(String serialNumber) {
        return MfaDeviceKind.of(serialNumber) == MfaDeviceKind.AUTHENTICATOR_APP
                && serialNumber.contains(":mfa" + identity.managedPath());
    }

    private void insert(Connection c, String userName, MfaDevice device) throws SQLException {
        // a hardware token may have moved from another user: it has one row, the current owner's
        update(c, "DELETE FROM mfa_device WHERE serial_number = ?", device.serialNumber());
        String sql = "INSERT INTO mfa_device (serial_number, user_name, name, kind, created_by_portal, enabled_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, device.serialNumber());
            ps.setString(2, userName);
            ps.setString(3, device.name());
            ps.setString(4, device.kind().name());
            ps.setBoolean(5, createdByPortal(userName, device.serialNumber()));
            ps.setTimestamp(6, device.enableDate() == null ? null : Timestamp.from(device.enableDate()));
            ps.executeUpdate();
        } catch (SQLException e) {
            // another replica listed the same device at the same moment: its row is as good as ours
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** IAM's dates have whole seconds; the table keeps what it was given. */
    private static boolean sameSecond(Instant a, Instant b) {
        return a.getEpochSecond() == b.getEpochSecond();
    }

    private static void update(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.executeUpdate();
        }
    }
}
