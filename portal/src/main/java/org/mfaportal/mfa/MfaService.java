package org.mfaportal.mfa;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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
import org.mfaportal.aws.MfaDeviceKind;
import org.mfaportal.aws.NewVirtualMfaDevice;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.IdentityConfig;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.lockout.CodeAttempt;
import org.mfaportal.lockout.LockedOut;
import org.mfaportal.mfa.MfaProblems.DeviceAlreadyActive;
import org.mfaportal.mfa.MfaProblems.DeviceChoiceRequired;
import org.mfaportal.mfa.MfaProblems.DeviceLimitReached;
import org.mfaportal.mfa.MfaProblems.DeviceNotFound;
import org.mfaportal.mfa.MfaProblems.DeviceNotRemovable;
import org.mfaportal.mfa.MfaProblems.EnrollmentNotFound;
import org.mfaportal.mfa.MfaProblems.InvalidDeviceName;
import org.mfaportal.mfa.MfaProblems.NoActiveDevice;
import org.mfaportal.mfa.MfaProblems.NoCodeCapableDevice;
import org.mfaportal.mfa.MfaProblems.RemovalNotConfirmed;
import org.mfaportal.mfa.MfaProblems.SecurityKeyHasNoCodes;

/**
 * The self-service MFA lifecycle of the signed-in engineer, for every device they have (up to eight, of any kind):
 * add a named device, activate, resync, remove, with self-recovery (a device is removed with a code from another
 * of theirs). It acts only on the engineer's own IAM user; serial numbers from requests are checked against what
 * IAM says is theirs, and a serial that is not theirs answers exactly like one that does not exist. Every code goes
 * through {@link CodeGuard}.
 *
 * <p>Devices the portal creates live under a per-user path, {@code {managedPath}{userName}/}, so a device's owner
 * follows from its serial number and no two users' device names can collide (decisions 0002 and 0010).
 */
@ApplicationScoped
public class MfaService {

    private static final Logger LOG = Logger.getLogger(MfaService.class);

    /** IAM's rule for device names, with a length that keeps serials readable. */
    private static final Pattern DEVICE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private final IamGateway iam;
    private final PendingEnrollments pending;
    private final DeviceRegistry registry;
    private final CodeGuard guard;
    private final AuditService audit;
    private final CodeVerifier codeVerifier;
    private final MfaConfig config;
    private final IdentityConfig identityConfig;
    private final Clock clock;

    MfaService(IamGateway iam, PendingEnrollments pending, DeviceRegistry registry, CodeGuard guard,
            AuditService audit, CodeVerifier codeVerifier, MfaConfig config, IdentityConfig identityConfig,
            Clock clock) {
        this.iam = iam;
        this.pending = pending;
        this.registry = registry;
        this.guard = guard;
        this.audit = audit;
        this.codeVerifier = codeVerifier;
        this.config = config;
        this.identityConfig = identityConfig;
        this.clock = clock;
    }

    /** The engineer's active devices and unfinished enrollment. */
    public MfaStatus status(PortalUser user) {
        List<DeviceView> devices = registry.devices(user.iamUserName());
        Optional<PendingEnrollment> unfinished = pending.forUser(user.iamUserName()).stream()
                .filter(p -> devices.stream().noneMatch(d -> d.serialNumber().equals(p.serialNumber())))
                .findFirst();
        return new MfaStatus(devices, unfinished, config.maxDevicesPerUser(), suggestedName(user, devices));
    }

    /**
     * Creates a new virtual MFA device for the engineer and returns what their authenticator app needs. An
     * unfinished earlier enrollment of theirs (another tab, another replica, a restart) is replaced: its device
     * is deleted first, because its seed is gone for good.
     *
     * @param name the device's name; {@code null} or blank for the suggested one
     * @throws DeviceLimitReached when the engineer already has as many devices as allowed
     * @throws InvalidDeviceName  when IAM would refuse the name or another of their devices has it
     */
    public Enrollment startEnrollment(CurrentUser actor, String name) {
        PortalUser user = actor.get();
        try {
            return createDevice(actor, user, name);
        } catch (AwsException e) {
            // Every attempt is in the audit trail, also one AWS stopped half-way (nothing is left half-done:
            // an unfinished device is replaced by the next enrollment).
            audit.record(actor, user.iamUserName(), AuditAction.MFA_ENROLLMENT_STARTED, AuditOutcome.FAILED,
                    e.awsErrorCode(), null);
            throw e;
        }
    }

    /** {@link #startEnrollment(CurrentUser, String)} with the suggested name. */
    public Enrollment startEnrollment(CurrentUser actor) {
        return startEnrollment(actor, null);
    }

    private Enrollment createDevice(CurrentUser actor, PortalUser user, String requestedName) {
        List<DeviceView> active = registry.devices(user.iamUserName());
        if (active.size() >= config.maxDevicesPerUser()) {
            audit.record(actor, user.iamUserName(), AuditAction.MFA_ENROLLMENT_STARTED, AuditOutcome.REJECTED,
                    "device-limit-reached " + active.size(), null);
            throw new DeviceLimitReached(config.maxDevicesPerUser());
        }
        String name = requestedName == null || requestedName.isBlank() ? suggestedName(user, active)
                : requestedName.strip();
        checkName(name, active);
        for (PendingEnrollment unfinished : pending.forUser(user.iamUserName())) {
            discardUnassigned(unfinished.serialNumber());
            pending.remove(unfinished.serialNumber());
        }
        String path = devicePath(user);
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
     * @throws MfaProblems.WrongCode when AWS rejects the codes (the device stays pending and usable)
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
        DeviceView pendingDevice = new DeviceView(serialNumber, MfaDeviceKind.nameOf(serialNumber),
                MfaDeviceKind.AUTHENTICATOR_APP, null, true, null);
        try {
            guard.check(actor, user.iamUserName(), AuditAction.MFA_ACTIVATED, pendingDevice, serialNumber, () -> {
                iam.enableMfaDevice(user.iamUserName(), serialNumber, codes[0], codes[1]);
                return serialNumber;
            }, enabled -> enabled);
        } catch (AwsEntityAlreadyExists alreadyAssigned) {
            pending.remove(serialNumber);
            throw new DeviceAlreadyActive();
        }
        pending.remove(serialNumber);
        try {
            return registry.devices(user.iamUserName()).stream()
                    .filter(d -> d.serialNumber().equals(serialNumber)).findFirst()
                    .orElse(withEnableDate(pendingDevice));
        } catch (AwsException e) {
            // The device is active: failing now would tell the person "nothing was changed". The issuance path
            // takes devices from the portal's records (decision 0012), so the new one goes there now.
            DeviceView active = withEnableDate(pendingDevice);
            registry.record(user.iamUserName(), active);
            return active;
        }
    }

    /**
     * Resyncs one of the engineer's devices with two consecutive codes from it.
     *
     * @param serialNumber the device, or {@code null} when the engineer has exactly one that shows codes
     */
    public DeviceView resync(CurrentUser actor, String serialNumber, String code1, String code2) {
        PortalUser user = actor.get();
        String[] codes = MfaCodes.require("code1", code1, "code2", code2);
        List<DeviceView> devices = listDevices(actor, user, AuditAction.MFA_RESYNCED);
        DeviceView device = codeDevice(devices, serialNumber, false);
        guard.check(actor, user.iamUserName(), AuditAction.MFA_RESYNCED, device, device.serialNumber(), () -> {
            iam.resyncMfaDevice(user.iamUserName(), device.serialNumber(), codes[0], codes[1]);
            return device.serialNumber();
        }, resynced -> resynced);
        return device;
    }

    /**
     * Removes one of the engineer's devices after proving possession with a current code: from the device itself,
     * or from another of their devices that shows codes (self-recovery after a lost phone). Deactivates it, then
     * deletes it when it is a virtual device the portal may delete.
     *
     * @param proofSerialNumber the device the code comes from; {@code null} for the device being removed
     * @param confirmed         the engineer confirmed they understand the consequence
     */
    public void remove(CurrentUser actor, String serialNumber, String proofSerialNumber, String code,
            boolean confirmed) {
        PortalUser user = actor.get();
        String verified = MfaCodes.require("code", code)[0];
        List<DeviceView> devices = listDevices(actor, user, AuditAction.MFA_REMOVED);
        DeviceView device = ownDevice(devices, serialNumber);
        DeviceView proof = proofSerialNumber == null || proofSerialNumber.isBlank() ? device
                : ownDevice(devices, proofSerialNumber);
        if (!proof.codeCapable()) {
            throw new SecurityKeyHasNoCodes(proof.name());
        }
        if (!confirmed) {
            throw new RemovalNotConfirmed();
        }
        if (!device.createdByPortal() && device.kind() == MfaDeviceKind.AUTHENTICATOR_APP
                && !registry.deletableByPortal(device.serialNumber())) {
            audit.record(actor, user.iamUserName(), AuditAction.MFA_REMOVED, AuditOutcome.REJECTED,
                    device.serialNumber() + " not-removable", null);
            throw new DeviceNotRemovable(device.name());
        }
        String what = device.serialNumber() + (proof == device ? "" : " proven with " + proof.serialNumber());
        guard.check(actor, user.iamUserName(), AuditAction.MFA_REMOVED, proof, what, () -> {
            codeVerifier.verify(user, proof.serialNumber(), verified);
            return proof.serialNumber();
        }, null);
        String detail;
        try {
            detail = deactivateAndDelete(user.iamUserName(), device.serialNumber());
        } catch (AwsException e) {
            audit.record(actor, user.iamUserName(), AuditAction.MFA_REMOVED, AuditOutcome.FAILED,
                    device.serialNumber() + " deactivate " + e.awsErrorCode(), null);
            throw e;
        }
        audit.record(actor, user.iamUserName(), AuditAction.MFA_REMOVED, AuditOutcome.SUCCESS,
                detail + (proof == device ? "" : " proven with " + proof.serialNumber()), null);
    }

    /**
     * Deactivates a device of any kind and deletes it when it is a virtual device the portal may delete (under the
     * managed path). A hardware token goes back to the account, a security key is gone with its deactivation, and a
     * virtual device outside the managed path stays unassigned (the description says so). If the delete fails after
     * the deactivation succeeded, the device is an unassigned leftover: it is recorded as pending so the next
     * enrollment and the orphan cleanup remove it.
     *
     * @return a description for the audit trail
     */
    public String deactivateAndDelete(String userName, String serialNumber) {
        try {
            iam.deactivateMfaDevice(userName, serialNumber);
        } catch (AwsEntityNotFound alreadyGone) {
            // someone deactivated it meanwhile: carry on with the delete
        }
        registry.forget(serialNumber);
        MfaDeviceKind kind = MfaDeviceKind.of(serialNumber);
        if (kind != MfaDeviceKind.AUTHENTICATOR_APP) {
            return serialNumber + " deactivated (" + kind.label() + ")";
        }
        if (!registry.deletableByPortal(serialNumber)) {
            return serialNumber + " deactivated; left unassigned outside the managed path";
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

    /**
     * The device to take a code from: the one asked for (by serial number or name), which must be the engineer's and
     * show codes, or without
     * one, the device they used last (else the first that shows codes) when {@code orDefault}, or the only one.
     *
     * @throws DeviceNotFound        when the serial is not one of theirs (another user's answers the same)
     * @throws SecurityKeyHasNoCodes when it is a security key
     * @throws NoActiveDevice, NoCodeCapableDevice, DeviceChoiceRequired
     */
    public DeviceView codeDevice(List<DeviceView> devices, String serialNumber, boolean orDefault) {
        if (devices.isEmpty()) {
            throw new NoActiveDevice();
        }
        if (serialNumber != null && !serialNumber.isBlank()) {
            DeviceView device = findDevice(devices, serialNumber.strip()).orElseThrow(DeviceNotFound::new);
            if (!device.codeCapable()) {
                throw new SecurityKeyHasNoCodes(device.name());
            }
            return device;
        }
        List<DeviceView> codeDevices = devices.stream().filter(DeviceView::codeCapable).toList();
        if (codeDevices.isEmpty()) {
            throw new NoCodeCapableDevice();
        }
        if (codeDevices.size() == 1) {
            return codeDevices.get(0);
        }
        if (!orDefault) {
            throw new DeviceChoiceRequired();
        }
        return new MfaStatus(devices, Optional.empty()).defaultCodeDevice().orElseThrow();
    }

    /** The device of the engineer with that serial, or with that name. */
    public Optional<DeviceView> findDevice(List<DeviceView> devices, String serialOrName) {
        return devices.stream().filter(d -> d.serialNumber().equals(serialOrName)).findFirst()
                .or(() -> devices.stream().filter(d -> d.name().equalsIgnoreCase(serialOrName)).findFirst());
    }

    /** The path under which the user's devices live. */
    public String devicePath(PortalUser user) {
        return identityConfig.managedPath() + user.iamUserName() + "/";
    }

    private static DeviceView ownDevice(List<DeviceView> devices, String serialNumber) {
        if (devices.isEmpty()) {
            throw new NoActiveDevice();
        }
        if (serialNumber == null || serialNumber.isBlank()) {
            if (devices.size() == 1) {
                return devices.get(0);
            }
            throw new DeviceChoiceRequired();
        }
        return devices.stream().filter(d -> d.serialNumber().equals(serialNumber)).findFirst()
                .orElseThrow(DeviceNotFound::new);
    }

    private List<DeviceView> listDevices(CurrentUser actor, PortalUser user, AuditAction action) {
        try {
            return registry.devices(user.iamUserName());
        } catch (AwsException e) {
            audit.record(actor, user.iamUserName(), action, AuditOutcome.FAILED, "list-devices " + e.awsErrorCode(),
                    null);
            throw e;
        }
    }

    private DeviceView withEnableDate(DeviceView device) {
        return new DeviceView(device.serialNumber(), device.name(), device.kind(), Instant.now(clock), true, null);
    }

    private static void checkName(String name, List<DeviceView> devices) {
        if (!DEVICE_NAME.matcher(name).matches()) {
            throw new InvalidDeviceName("A device name has 1 to 64 letters, digits and + = , . @ _ - (no spaces).");
        }
        if (devices.stream().anyMatch(d -> d.name().equalsIgnoreCase(name))) {
            throw new InvalidDeviceName("You already have a device named \"" + name + "\".");
        }
    }

    /**
     * The name a new device gets unless the engineer picks one: their first is named after them, as every device
     * the portal made before devices had names (so old and new installations look alike); later ones "backup",
     * "backup-2", ... (decision 0010).
     */
    String suggestedName(PortalUser user, List<DeviceView> devices) {
        List<String> taken = devices.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList();
        if (devices.isEmpty() && !taken.contains(user.iamUserName().toLowerCase(Locale.ROOT))) {
            return user.iamUserName();
        }
        for (int n = 1;; n++) {
            String candidate = n == 1 ? "backup" : "backup-" + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private void discardUnassigned(String serialNumber) {
        try {
            iam.deleteVirtualMfaDevice(serialNumber);
        } catch (AwsEntityNotFound | AwsDeleteConflict gone) {
            // already gone, or assigned after all (then it is an active device, not ours to delete)
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
}
