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
import org.mfaportal.aws.MfaDevice;
import org.mfaportal.aws.StsGateway;
import org.mfaportal.aws.TemporaryCredentials;
import org.mfaportal.credentials.CredentialsProblems.DurationOutOfRange;
import org.mfaportal.credentials.CredentialsProblems.RoleNotFound;
import org.mfaportal.credentials.keys.AccessKeyLimitReached;
import org.mfaportal.credentials.keys.ShortLivedKeys;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.lockout.CodeAttempt;
import org.mfaportal.lockout.LockedOut;
import org.mfaportal.lockout.LockoutService;
import org.mfaportal.mfa.MfaCodes;
import org.mfaportal.mfa.MfaProblems.NoActiveDevice;

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
    private final LockoutService lockout;
    private final AuditService audit;
    private final CredentialsConfig config;
    private final Clock clock;

    CredentialsService(IamGateway iam, StsGateway sts, ShortLivedKeys keys, RoleEntitlements roles,
            LockoutService lockout, AuditService audit, CredentialsConfig config, Clock clock) {
        this.iam = iam;
        this.sts = sts;
        this.keys = keys;
        this.roles = roles;
        this.lockout = lockout;
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
     * @throws InvalidMfaCode, LockedOut, NoActiveDevice, RoleNotFound, DurationOutOfRange, AccessKeyLimitReached
     */
    public IssuedCredentials issue(CurrentUser actor, String code, Integer durationSeconds, String roleArn) {
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
        List<MfaDevice> devices;
        try {
            devices = iam.listMfaDevices(user.iamUserName());
        } catch (AwsException e) {
            // Every issuance attempt is in the audit trail, even one AWS stopped before it began.
            audit.record(actor, user.iamUserName(), AuditAction.CREDENTIALS_ISSUED, AuditOutcome.FAILED,
                    "list-devices " + e.awsErrorCode(), null);
            throw e;
        }
        if (devices.isEmpty()) {
            throw new NoActiveDevice();
        }
        String serial = devices.get(0).serialNumber();
        CodeAttempt attempt;
        try {
            attempt = lockout.begin(user.iamUserName());
        } catch (LockedOut e) {
            audit.record(actor, user.iamUserName(), AuditAction.CREDENTIALS_ISSUED, AuditOutcome.LOCKED_OUT, null,
                    null);
            throw e;
        }
        String what = role.map(r -> "role " + r.arn()).orElse("session") + " " + duration + "s";
        TemporaryCredentials credentials;
        try (attempt) {
            try {
                Optional<RoleEntitlements.Role> chosen = role;
                credentials = keys.withKey(user.iamUserName(), key -> chosen.isPresent()
                        ? sts.assumeRole(key, chosen.get().arn(), sessionName(user), duration, serial, verified,
                                sessionName(user))
                        : sts.getSessionToken(key, duration, serial, verified));
            } catch (InvalidMfaCode e) {
                Optional<LockedOut> lockedOut = attempt.failed();
                audit.record(actor, user.iamUserName(), AuditAction.CREDENTIALS_ISSUED, AuditOutcome.REJECTED,
                        what + " mfa-code-invalid" + (lockedOut.isPresent() ? " locked-out" : ""), null);
                if (lockedOut.isPresent()) {
                    throw lockedOut.get();
                }
                throw e;
            } catch (AwsException | AccessKeyLimitReached e) {
                audit.record(actor, user.iamUserName(), AuditAction.CREDENTIALS_ISSUED, AuditOutcome.FAILED,
                        what + " " + (e instanceof AwsException aws ? aws.awsErrorCode() : "access-key-limit"), null);
                throw e;
            }
            attempt.succeeded();
        }
        audit.record(actor, user.iamUserName(), AuditAction.CREDENTIALS_ISSUED, AuditOutcome.SUCCESS,
                what + " " + credentials.accessKeyId() + " until " + credentials.expiration(), null);
        return new IssuedCredentials(credentials, role.map(RoleEntitlements.Role::displayName).orElse(null), duration,
                Instant.now(clock));
    }

    /** A RoleSessionName / SourceIdentity for the user: {@code [\w+=,.@-]{2,64}}. */
    static String sessionName(PortalUser user) {
        String name = user.iamUserName();
        return name.length() >= 2 ? name : "user-" + name;
    }
}
