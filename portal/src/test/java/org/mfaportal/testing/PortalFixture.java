package org.mfaportal.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.mfaportal.aws.AssignmentStatus;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.credentials.SessionRevoker;
import org.mfaportal.credentials.keys.AccessKeySweeper;
import org.mfaportal.credentials.keys.ShortLivedKeys;
import org.mfaportal.embedded.EmulatorLauncher;
import org.mfaportal.emulator.AwsEmulator;

/**
 * What every page and API test ({@code @QuarkusTest}) shares: AWS (the embedded emulator, its clock and faults), IAM
 * as the portal sees it, the database, and the way back to a clean state after a test. Inject it:
 *
 * <pre>
 * &#64;Inject
 * PortalFixture fixture;
 *
 * &#64;AfterEach
 * void cleanUp() {
 *     fixture.reset("erin");
 * }
 * </pre>
 *
 * Codes for a device come from {@link TestDevices} on {@link #aws()}'s clock.
 */
@Singleton
public class PortalFixture {

    /** The tables that remember something about a user, keyed by {@code user_name}. */
    private static final List<String> USER_TABLES = List.of("code_failure", "pending_enrollment", "prepared_access_key",
            "issued_access_key", "request_rate", "code_request", "mfa_device");

    @Inject
    EmulatorLauncher launcher;

    @Inject
    IamGateway iam;

    @Inject
    DataSource dataSource;

    @Inject
    AccessKeySweeper sweeper;

    @Inject
    ShortLivedKeys keys;

    /** The embedded emulator: AWS for the portal under test. */
    public AwsEmulator aws() {
        return launcher.emulator();
    }

    /** Where the embedded emulator listens, for a tool that talks to AWS itself (the AWS CLI, say). */
    public URI awsEndpoint() {
        return launcher.endpoint();
    }

    /**
     * IAM through the portal's own gateway, once the short-lived keys of answered issuances are deleted (the
     * portal deletes them after the answer, in the background): a test counting keys sees the settled state.
     */
    public IamGateway iam() {
        if (!keys.awaitDeletions(Duration.ofSeconds(30))) {
            throw new IllegalStateException("used short-lived keys still not deleted after 30 s");
        }
        return iam;
    }

    /**
     * Back to a clean slate: AWS without faults or propagation delay, no short-lived key left anywhere, and each
     * user without a device (active or unfinished), an access key, a revocation, counted wrong codes or used
     * rate-limit budget. Their audit trail stays: {@link #forgetAudit(String...)}.
     */
    public void reset(String... users) {
        aws().clearFaults();
        aws().setPropagationDelay(Duration.ZERO);
        keys.awaitDeletions(Duration.ofSeconds(30));
        sweeper.sweep(Instant.now().plus(Duration.ofHours(1)));
        for (String user : users) {
            iam.listMfaDevices(user).forEach(d -> {
                iam.deactivateMfaDevice(user, d.serialNumber());
                // hardware tokens and security keys are not virtual devices: nothing to delete
                if (d.serialNumber().contains(":mfa/")) {
                    iam.deleteVirtualMfaDevice(d.serialNumber());
                }
            });
            // and the seeded ones come back, as configured
            aws().restoreSeedDevices(user);
            iam.listAllVirtualMfaDevices(AssignmentStatus.UNASSIGNED).stream()
                    .filter(d -> d.serialNumber().contains("/" + user + "/"))
                    .forEach(d -> iam.deleteVirtualMfaDevice(d.serialNumber()));
            iam.listAccessKeys(user).forEach(k -> iam.deleteAccessKey(user, k.accessKeyId()));
            try {
                iam.deleteUserPolicy(user, SessionRevoker.POLICY_NAME);
            } catch (RuntimeException noneYet) {
                // nothing was revoked
            }
            for (String table : USER_TABLES) {
                execute("DELETE FROM " + table + " WHERE user_name = ?", user);
            }
        }
    }

    /** Deletes the audit events about the users, for tests that count them. */
    public void forgetAudit(String... users) {
        for (String user : users) {
            execute("DELETE FROM audit_event WHERE target_user = ?", user);
        }
    }

    /** The single number a {@code SELECT COUNT(*) ... ?} query answers for {@code value}. */
    public long count(String sql, String value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An update with one parameter. */
    public void execute(String sql, String value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
