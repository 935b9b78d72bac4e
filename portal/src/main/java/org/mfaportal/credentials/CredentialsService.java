package org.mfaportal.credentials;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditService;
import org.mfaportal.aws.AwsException;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.aws.InvalidMfaCode;
import org.mfaportal.aws.StsGateway;
import org.mfaportal.aws.TemporaryCredentials;
import org.mfaportal.credentials.CredentialsProblems.DurationOutOfRange;
import org.mfaportal.credentials.CredentialsProblems.RoleNotFound;
import org.mfaportal.credentials.keys.ShortLivedKeys;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.mfa.CodeGuard;
import org.mfaportal.mfa.DeviceRegistry;
import org.mfaportal.mfa.DeviceView;
import org.mfaportal.mfa.MfaCodes;
import org.mfaportal.mfa.MfaProblems.DeviceNoLongerInAws;
import org.mfaportal.mfa.MfaProblems.DeviceNotFound;
import org.mfaportal.mfa.MfaProblems.DeviceReplacedInAws;
import org.mfaportal.mfa.MfaProblems.NoCodeCapableDevice;
import org.mfaportal.mfa.MfaService;

/**
 * Issues session credentials that belong to the engineer, with MFA present: {@code GetSessionToken} for their
 * own IAM user, or {@code AssumeRole} into a role they are entitled to, each with their device's serial and a
 * current code, through a short-lived access key of theirs (docs/decisions/0003).
 */
@ApplicationScoped
public class CredentialsService {

    /** AWS's bounds for GetSessionToken and AssumeRole. */
    public static final int MIN_DURATION = 900;
    public static final int MAX_SESSION_DURATION = 129600;

    private final IamGateway iam;
    private final StsGateway sts;
    private final ShortLivedKeys keys;
    private final RoleEntitlements roles;
    private final DeviceRegistry registry;
    private final MfaService mfa;
    private final CodeGuard guard;
    private final AuditService audit;
    private final CredentialsConfig config;
    private final Clock clock;

    CredentialsService(IamGateway iam, StsGateway sts, ShortLivedKeys keys, RoleEntitlements roles,
            DeviceRegistry registry, MfaService mfa, CodeGuard guard, AuditService audit, CredentialsConfig config,
            Clock clock) {
        this.iam = iam;
        this.sts = sts;
        this.keys = keys;
        this.roles = roles;
        this.registry = registry;
        this.mfa = mfa;
        this.guard = guard;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** The longest session the portal hands out for plain session credentials. */
    public int maxSessionDuration() {
        return Math.min(MAX_SESSION_DURATION, config.maxDurationSeconds());
    }

    /** The default session length, within bounds. */
    public int defaultDuration(Optional<RoleEntitlements.Role> role) {
        int max = role.map(RoleEntitlements.Role::maxDurationSeconds).orElse(maxSessionDuration());
        return Math.max(MIN_DURATION, Math.min(config.defaultDurationSeconds(), max));
    }

    /** Starts preparing a key so the next issuance does not wait for IAM (no-op without an active device). */
    public void prepare(PortalUser user) {
        keys.prepareInBackground(user.iamUserName());
    }

    /**
     * Issues credentials.
     *
     * @param roleArn         a role to assume, or {@code null} for session credentials of the user
     * @param durationSeconds requested length, or {@code null} for the default
     * @throws org.mfaportal.mfa.MfaProblems.WrongCode, org.mfaportal.lockout.LockedOut, RoleNotFound,
     *         DurationOutOfRange, org.mfaportal.credentials.keys.AccessKeyLimitReached
     */
    public IssuedCredentials issue(CurrentUser actor, String code, Integer durationSeconds, String roleArn) {
        return issue(actor, code, durationSeconds, roleArn, null);
    }

    /**
     * Issues credentials with a code from the chosen device.
     *
     * @param serialNumber the device the code comes from; {@code null} for the one the person used last (else their
     *                     first device that shows codes). Another user's device answers 404; a security key 400.
     */
    public IssuedCredentials issue(CurrentUser actor, String code, Integer durationSeconds, String roleArn,
            String serialNumber) {
        PortalUser user = actor.get();
        String verified = MfaCodes.require("code", code)[0];
        Optional<RoleEntitlements.Role> role = Optional.empty();
        if (roleArn != null && !roleArn.isBlank()) {
            role = Optional.of(roles.find(actor, roleArn).orElseThrow(() -> {
                audit.record(actor, user.iamUserName(), AuditAction.CREDENTIALS_ISSUED, AuditOutcome.REJECTED,
                        "role-not-found", null);
                return new RoleNotFound();
            }));
        }
        int max = role.map(RoleEntitlements.Role::maxDurationSeconds).orElse(maxSessionDuration());
        int duration = durationSeconds == null ? defaultDuration(role) : durationSeconds;
        if (duration < MIN_DURATION || duration > max) {
            throw new DurationOutOfRange(MIN_DURATION, max);
        }
        Chosen chosen = chooseDevice(actor, user, serialNumber);
        DeviceView device = chosen.device();
        String serial = device.serialNumber();
        String what = role.map(r -> "role " + r.arn()).orElse("session") + " " + duration + "s";
        Optional<RoleEntitlements.Role> assumed = role;
        TemporaryCredentials credentials = guard.check(actor, user.iamUserName(), AuditAction.CREDENTIALS_ISSUED,
                device, what, () -> {
                    try {
                        return keys.withKey(user.iamUserName(), key -> assumed.isPresent()
                                ? sts.assumeRole(key, assumed.get().arn(), sessionName(user), duration, serial,
                                        verified, sessionName(user))
                                : sts.getSessionToken(key, duration, serial, verified));
                    } catch (InvalidMfaCode refused) {
                        // the key is already on its way out (withKey); the code is never sent again
                        throw chosen.fromRecords() ? recheck(user.iamUserName(), device, refused) : refused;
                    }
                },
                issued -> what + " " + issued.accessKeyId() + " until " + issued.expiration() + " with " + serial);
        return new IssuedCredentials(credentials, role.map(RoleEntitlements.Role::displayName).orElse(null), duration,
                Instant.now(clock));
    }

    /** The device the code comes from, and whether it was taken from the portal's records without asking IAM. */
    private record Chosen(DeviceView device, boolean fromRecords) {
    }

    /**
     * The device the code comes from: from the portal's own records when they have it (one SQL query instead of
     * {@code ListMFADevices} on IAM's global endpoint, decision 0012), else from IAM. The records miss a device set up
     * outside the portal since its last listing, so a serial or name they do not know is looked up in IAM before it
     * answers 404.
     */
    private Chosen chooseDevice(CurrentUser actor, PortalUser user, String serialNumber) {
        List<DeviceView> recorded = registry.recorded(user.iamUserName());
        if (!recorded.isEmpty()) {
            try {
                return new Chosen(mfa.codeDevice(recorded, serialNumber, true), true);
            } catch (DeviceNotFound | NoCodeCapableDevice notOnRecord) {
                // set up outside the portal since it last listed the user's devices, or not theirs: IAM knows
            }
        }
        List<DeviceView> devices;
        try {
            devices = registry.devices(user.iamUserName());
        } catch (AwsException e) {
            // Every issuance attempt is in the audit trail, even one AWS stopped before it began.
            audit.record(actor, user.iamUserName(), AuditAction.CREDENTIALS_ISSUED, AuditOutcome.FAILED,
                    "list-devices " + e.awsErrorCode(), null);
            throw e;
        }
        return new Chosen(mfa.codeDevice(devices, serialNumber, true), false);
    }

    /**
     * STS refused the code for a device taken from the records: asks IAM once whether the device is still the
     * engineer's, and the same one, bringing the records in line. A device removed or set up again outside the
     * portal gets an answer that says so, not a wrong-code count (no code could have worked for a stale serial);
     * a device that is still theirs leaves the refusal as it is, a wrong code.
     */
    private RuntimeException recheck(String userName, DeviceView device, InvalidMfaCode refused) {
        List<DeviceView> current;
        try {
            current = registry.devices(userName);
        } catch (AwsException e) {
            // IAM cannot tell now: the refusal stands, counted as a wrong code as before the records were used
            return refused;
        }
        Optional<DeviceView> same = current.stream().filter(d -> d.serialNumber().equals(device.serialNumber()))
                .findFirst();
        if (same.isEmpty() || !same.get().codeCapable()) {
            return new DeviceNoLongerInAws(device, current);
        }
        Instant recordedAt = device.enabledAt();
        Instant enabledAt = same.get().enabledAt();
        if (recordedAt != null && enabledAt != null && recordedAt.getEpochSecond() != enabledAt.getEpochSecond()) {
            return new DeviceReplacedInAws(device);
        }
        return refused;
    }

    /** A RoleSessionName / SourceIdentity for the user: {@code [\w+=,.@-]{2,64}}. */
    static String sessionName(PortalUser user) {
        String name = user.iamUserName();
        return name.length() >= 2 ? name : "user-" + name;
    }
}
