package org.mfaportal.mfa;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditService;
import org.mfaportal.aws.AwsDeleteConflict;
import org.mfaportal.aws.AwsEntityAlreadyExists;
import org.mfaportal.aws.AwsEntityNotFound;
import org.mfaportal.aws.AwsException;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.aws.InvalidMfaCode;
import org.mfaportal.aws.MfaDevice;
import org.mfaportal.aws.NewVirtualMfaDevice;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.IdentityConfig;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.lockout.CodeAttempt;
import org.mfaportal.lockout.LockedOut;
import org.mfaportal.lockout.LockoutService;
import org.mfaportal.mfa.MfaProblems.DeviceAlreadyActive;
import org.mfaportal.mfa.MfaProblems.DeviceNotFound;
import org.mfaportal.mfa.MfaProblems.EnrollmentNotFound;
import org.mfaportal.mfa.MfaProblems.NoActiveDevice;
import org.mfaportal.mfa.MfaProblems.RemovalNotConfirmed;

/**
 * The self-service MFA lifecycle of the signed-in engineer: enroll, activate, resync, remove. It acts only on
 * the engineer's own IAM user; serial numbers from requests are checked against what IAM says is theirs, and
 * a serial that is not theirs answers exactly like one that does not exist.
 *
 * <p>Devices live under a per-user path, {@code {managedPath}{userName}/}, so a device's owner follows from
 * its serial number and no two users' device names can collide.
 */
@ApplicationScoped
public class MfaService {

    private static final Logger LOG = Logger.getLogger(MfaService.class);

    private final IamGateway iam;
    private final PendingEnrollments pending;
    private final LockoutService lockout;
    private final AuditService audit;
    private final CodeVerifier codeVerifier;
    private final MfaConfig config;
    private final IdentityConfig identityConfig;
    private final Clock clock;

    MfaService(IamGateway iam, PendingEnrollments pending, LockoutService lockout, AuditService audit,
            CodeVerifier codeVerifier, MfaConfig config, IdentityConfig identityConfig, Clock clock) {
        this.iam = iam;
        this.pending = pending;
        this.lockout = lockout;
        this.audit = audit;
        this.codeVerifier = codeVerifier;
        this.config = config;
        this.identityConfig = identityConfig;
        this.clock = clock;
    }

    /** The engineer's active devices and unfinished enrollment. */
    public MfaStatus status(PortalUser user) {
        List<DeviceView> devices = iam.listMfaDevices(user.iamUserName()).stream()
                .map(d -> new DeviceView(d.serialNumber(), d.enableDate())).toList();
        Optional<PendingEnrollment> unfinished = pending.forUser(user.iamUserName()).stream()
                .filter(p -> devices.stream().noneMatch(d -> d.serialNumber().equals(p.serialNumber())))
                .findFirst();
        return new MfaStatus(devices, unfinished);
    }

    /**
     * Creates a new virtual MFA device for the engineer and returns what their authenticator app needs. An
     * unfinished earlier enrollment of theirs (another tab, another replica, a restart) is replaced: its device
     * is deleted first, because its seed is gone for good.
     *
     * @throws DeviceAlreadyActive when the engineer already has as many active devices as allowed
     */
    public Enrollment startEnrollment(CurrentUser actor) {
        PortalUser user = actor.get();
        try {
            return createDevice(actor, user);
        } catch (AwsException e) {
            // Every attempt is in the audit trail, also one AWS stopped half-way (nothing is left half-done:
            // an unfinished device is replaced by the next enrollment).
            audit.record(actor, user.iamUserName(), AuditAction.MFA_ENROLLMENT_STARTED, AuditOutcome.FAILED,
                    e.awsErrorCode(), null);
            throw e;
        }
    }

    private Enrollment createDevice(CurrentUser actor, PortalUser user) {
        List<MfaDevice> active = iam.listMfaDevices(user.iamUserName());
        if (active.size() >= config.maxDevicesPerUser()) {
            audit.record(actor, user.iamUserName(), AuditAction.MFA_ENROLLMENT_STARTED, AuditOutcome.REJECTED,
                    "device-already-active", null);
            throw new DeviceAlreadyActive();
        }
        for (PendingEnrollment unfinished : pending.forUser(user.iamUserName())) {
            discardUnassigned(unfinished.serialNumber());
            pending.remove(unfinished.serialNumber());
        }
        String path = devicePath(user);
        String name = deviceName(user, active);
        NewVirtualMfaDevice device;
        try {
            device = iam.createVirtualMfaDevice(path, name, Map.of("mfa-portal:user", user.iamUserName()));
        } catch (AwsEntityAlreadyExists leftover) {
            // An enrollment the portal lost track of (its record is gone). The path makes it this user's own,
            // and it is not among their active devices, so it is an unassigned leftover: replace it.
            discardUnassigned(serialNumber(user, path, name));
            device = iam.createVirtualMfaDevice(path, name, Map.of("mfa-portal:user", user.iamUserName()));
        }
        try {
            pending.add(new PendingEnrollment(device.serialNumber(), user.iamUserName(), Instant.now(clock)));
            audit.record(actor, user.iamUserName(), AuditAction.MFA_ENROLLMENT_STARTED, AuditOutcome.SUCCESS,
                    device.serialNumber(), null);
        } catch (RuntimeException e) {
            // Leave nothing half-done in IAM: a device nobody can see the seed of again is useless.
            discardUnassigned(device.serialNumber());
            pending.remove(device.serialNumber());
            throw e;
        }
        return enrollment(user, device);
    }

    /**
     * Activates the engineer's pending device with two consecutive codes.
     *
     * @throws EnrollmentNotFound when {@code serialNumber} is not the engineer's pending device
     * @throws InvalidMfaCode     when AWS rejects the codes (the device stays pending and usable)
     * @throws LockedOut          when the engineer is locked out
     */
    public DeviceView activate(CurrentUser actor, String serialNumber, String code1, String code2) {
        PortalUser user = actor.get();
        String[] codes = MfaCodes.require("code1", code1, "code2", code2);
        boolean isPending = serialNumber != null && pending.forUser(user.iamUserName()).stream()
                .anyMatch(p -> p.serialNumber().equals(serialNumber));
        if (!isPending) {
            audit.record(actor, user.iamUserName(), AuditAction.MFA_ACTIVATED, AuditOutcome.REJECTED,
                    "enrollment-not-found", null);
            throw new EnrollmentNotFound();
        }
        try (CodeAttempt attempt = beginAttempt(actor, user, AuditAction.MFA_ACTIVATED)) {
            try {
                iam.enableMfaDevice(user.iamUserName(), serialNumber, codes[0], codes[1]);
            } catch (InvalidMfaCode e) {
                throw wrongCode(actor, user, AuditAction.MFA_ACTIVATED, serialNumber, attempt, e);
            } catch (AwsEntityAlreadyExists alreadyAssigned) {
                pending.remove(serialNumber);
                audit.record(actor, user.iamUserName(), AuditAction.MFA_ACTIVATED, AuditOutcome.REJECTED,
                        serialNumber + " already-active", null);
                throw new DeviceAlreadyActive();
            } catch (AwsException e) {
                audit.record(actor, user.iamUserName(), AuditAction.MFA_ACTIVATED, AuditOutcome.FAILED,
                        serialNumber + " " + e.awsErrorCode(), null);
                throw e;
            }
            attempt.succeeded();
        }
        pending.remove(serialNumber);
        audit.record(actor, user.iamUserName(), AuditAction.MFA_ACTIVATED, AuditOutcome.SUCCESS, serialNumber, null);
        try {
            return iam.listMfaDevices(user.iamUserName()).stream().filter(d -> d.serialNumber().equals(serialNumber))
                    .findFirst().map(d -> new DeviceView(d.serialNumber(), d.enableDate()))
                    .orElse(new DeviceView(serialNumber, Instant.now(clock)));
        } catch (AwsException e) {
            // The device is active: failing now would tell the person "nothing was changed".
            return new DeviceView(serialNumber, Instant.now(clock));
        }
    }

    /**
     * Resyncs the engineer's active device with two consecutive codes.
     *
     * @param serialNumber the device, or {@code null} for the engineer's only device
     */
    public DeviceView resync(CurrentUser actor, String serialNumber, String code1, String code2) {
        PortalUser user = actor.get();
        String[] codes = MfaCodes.require("code1", code1, "code2", code2);
        MfaDevice device = ownActiveDevice(actor, user, serialNumber, AuditAction.MFA_RESYNCED);
        try (CodeAttempt attempt = beginAttempt(actor, user, AuditAction.MFA_RESYNCED)) {
            try {
                iam.resyncMfaDevice(user.iamUserName(), device.serialNumber(), codes[0], codes[1]);
            } catch (InvalidMfaCode e) {
                throw wrongCode(actor, user, AuditAction.MFA_RESYNCED, device.serialNumber(), attempt, e);
            } catch (AwsException e) {
                audit.record(actor, user.iamUserName(), AuditAction.MFA_RESYNCED, AuditOutcome.FAILED,
                        device.serialNumber() + " " + e.awsErrorCode(), null);
                throw e;
            }
            attempt.succeeded();
        }
        audit.record(actor, user.iamUserName(), AuditAction.MFA_RESYNCED, AuditOutcome.SUCCESS,
                device.serialNumber(), null);
        return new DeviceView(device.serialNumber(), device.enableDate());
    }

    /**
     * Removes the engineer's device after proving possession with a current code: deactivates, then deletes it.
     *
     * @param confirmed the engineer confirmed they understand their keys stop satisfying MFA policies
     */
    public void remove(CurrentUser actor, String serialNumber, String code, boolean confirmed) {
        PortalUser user = actor.get();
        String verified = MfaCodes.require("code", code)[0];
        MfaDevice device = ownActiveDevice(actor, user, serialNumber, AuditAction.MFA_REMOVED);
        if (!confirmed) {
            throw new RemovalNotConfirmed();
        }
        try (CodeAttempt attempt = beginAttempt(actor, user, AuditAction.MFA_REMOVED)) {
            try {
                codeVerifier.verify(user, device.serialNumber(), verified);
            } catch (InvalidMfaCode e) {
                throw wrongCode(actor, user, AuditAction.MFA_REMOVED, device.serialNumber(), attempt, e);
            } catch (RuntimeException e) {
                audit.record(actor, user.iamUserName(), AuditAction.MFA_REMOVED, AuditOutcome.FAILED,
                        device.serialNumber() + " " + describe(e), null);
                throw e;
            }
            attempt.succeeded();
        }
        String detail;
        try {
            detail = deactivateAndDelete(user.iamUserName(), device.serialNumber());
        } catch (AwsException e) {
            audit.record(actor, user.iamUserName(), AuditAction.MFA_REMOVED, AuditOutcome.FAILED,
                    device.serialNumber() + " deactivate " + e.awsErrorCode(), null);
            throw e;
        }
        audit.record(actor, user.iamUserName(), AuditAction.MFA_REMOVED, AuditOutcome.SUCCESS, detail, null);
    }

    /**
     * Deactivates a device and deletes it. If the delete fails after the deactivation succeeded, the device is an
     * unassigned leftover: it is recorded as pending so the next enrollment and the orphan cleanup remove it.
     *
     * @return a description for the audit trail
     */
    public String deactivateAndDelete(String userName, String serialNumber) {
        try {
            iam.deactivateMfaDevice(userName, serialNumber);
        } catch (AwsEntityNotFound alreadyGone) {
            // someone deactivated it meanwhile: carry on with the delete
        }
        try {
            iam.deleteVirtualMfaDevice(serialNumber);
            return serialNumber;
        } catch (AwsEntityNotFound alreadyGone) {
            return serialNumber;
        } catch (AwsException e) {
            LOG.warnf("Device %s deactivated but not deleted (%s); left for cleanup", serialNumber, e.awsErrorCode());
            pending.add(new PendingEnrollment(serialNumber, userName, Instant.now(clock)));
            return serialNumber + " deactivated; delete deferred (" + e.awsErrorCode() + ")";
        }
    }

    /** The path under which the user's devices live. */
    public String devicePath(PortalUser user) {
        return identityConfig.managedPath() + user.iamUserName() + "/";
    }

    private MfaDevice ownActiveDevice(CurrentUser actor, PortalUser user, String serialNumber, AuditAction action) {
        List<MfaDevice> active;
        try {
            active = iam.listMfaDevices(user.iamUserName());
        } catch (AwsException e) {
            audit.record(actor, user.iamUserName(), action, AuditOutcome.FAILED, "list-devices " + e.awsErrorCode(),
                    null);
            throw e;
        }
        if (active.isEmpty()) {
            throw new NoActiveDevice();
        }
        if (serialNumber == null || serialNumber.isBlank()) {
            return active.get(0);
        }
        return active.stream().filter(d -> d.serialNumber().equals(serialNumber)).findFirst()
                .orElseThrow(DeviceNotFound::new);
    }

    /** Checks the lockout and takes the code's place in the count, in one step (see {@link LockoutService}). */
    private CodeAttempt beginAttempt(CurrentUser actor, PortalUser user, AuditAction action) {
        try {
            return lockout.begin(user.iamUserName());
        } catch (LockedOut e) {
            audit.record(actor, user.iamUserName(), action, AuditOutcome.LOCKED_OUT, null, null);
            throw e;
        }
    }

    /** Counts a wrong code, audits it and answers with the lockout it may have started. */
    private RuntimeException wrongCode(CurrentUser actor, PortalUser user, AuditAction action, String serialNumber,
            CodeAttempt attempt, InvalidMfaCode e) {
        Optional<LockedOut> lockedOut = attempt.failed();
        audit.record(actor, user.iamUserName(), action, AuditOutcome.REJECTED,
                serialNumber + " mfa-code-invalid" + (lockedOut.isPresent() ? " locked-out" : ""), null);
        return lockedOut.isPresent() ? lockedOut.get() : e;
    }

    private void discardUnassigned(String serialNumber) {
        try {
            iam.deleteVirtualMfaDevice(serialNumber);
        } catch (AwsEntityNotFound | AwsDeleteConflict gone) {
            // already gone, or assigned after all (then it is an active device, not ours to delete)
        }
    }

    private String deviceName(PortalUser user, List<MfaDevice> active) {
        for (int n = 1;; n++) {
            String candidate = n == 1 ? user.iamUserName() : user.iamUserName() + "-" + n;
            if (active.stream().noneMatch(d -> d.serialNumber().endsWith("/" + candidate))) {
                return candidate;
            }
        }
    }

    private static String serialNumber(PortalUser user, String path, String name) {
        return "arn:aws:iam::" + user.accountId() + ":mfa" + path + name;
    }

    private Enrollment enrollment(PortalUser user, NewVirtualMfaDevice device) {
        String account = config.accountAlias().orElse(user.accountId());
        String issuer = config.issuer().orElse("AWS " + account);
        String label = config.label().replace("{user}", user.iamUserName()).replace("{account}", account);
        String uri = KeyUri.totp(issuer, label, device.base32Seed());
        String alt = "QR code to add " + label + " (" + issuer + ") to your authenticator app";
        return new Enrollment(device.serialNumber(), device.base32Seed(), uri, QrCodes.svg(uri, alt),
                Base64.getEncoder().encodeToString(QrCodes.png(uri, 8)), issuer, label);
    }

    private static String describe(RuntimeException e) {
        return e instanceof AwsException aws ? String.valueOf(aws.awsErrorCode()) : e.getClass().getSimpleName();
    }
}
