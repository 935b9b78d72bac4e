package org.mfaportal.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

import org.mfaportal.emulator.EmulatorState.AssumableRole;
import org.mfaportal.emulator.EmulatorState.Session;
import org.mfaportal.emulator.EmulatorState.User;

/** The STS actions: session tokens with MFA, role sessions, and who-am-I. */
final class StsActions {

    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final String VERSION = "2011-06-15";

    static final Set<String> ACTIONS = Set.of("GetSessionToken", "AssumeRole", "GetCallerIdentity");

    static final int MIN_DURATION = 900;
    static final int MAX_SESSION_TOKEN_DURATION = 129_600;
    static final int DEFAULT_SESSION_TOKEN_DURATION = 43_200;
    static final int MAX_ROLE_DURATION = 43_200;
    static final int ROLE_CHAINING_MAX = 3_600;

    private static final Pattern TOKEN_CODE = Pattern.compile("[\\d]*");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final String UNKNOWN_SERIAL = "MultiFactorAuthentication failed, unable to validate MFA code. "
            + "Please verify your MFA serial number is valid and associated with this user.";

    private final AwsEmulator emulator;

    StsActions(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    String handle(String action, QueryParams p, Caller caller, Instant now) {
        return switch (action) {
            case "GetSessionToken" -> getSessionToken(p, caller, now);
            case "AssumeRole" -> assumeRole(p, caller, now);
            case "GetCallerIdentity" -> new Xml().leaf("UserId", caller.userId())
                    .leaf("Account", emulator.accountId()).leaf("Arn", caller.arn(emulator.accountId())).toString();
            default -> throw AwsError.invalidAction(action);
        };
    }

    private String getSessionToken(QueryParams p, Caller caller, Instant now) {
        int duration = p.integer("DurationSeconds", MIN_DURATION, MAX_SESSION_TOKEN_DURATION,
                DEFAULT_SESSION_TOKEN_DURATION);
        String serial = p.optional("SerialNumber", 9, 256, QueryParams.SERIAL);
        String code = p.optionalSecret("TokenCode", 6, 6, TOKEN_CODE);
        if (caller.kind() != Caller.Kind.USER_KEY) {
            throw AwsError.accessDenied("Cannot call GetSessionToken with session credentials");
        }
        boolean mfa = checkMfa(caller.user(), serial, code, now);
        Session session = emulator.state().issueSession(caller.user(), null, null, mfa, null, now,
                Duration.ofSeconds(duration));
        return credentials(new Xml(), session).toString();
    }

    private String assumeRole(QueryParams p, Caller caller, Instant now) {
        String roleArn = p.required("RoleArn", 20, 2048, null);
        String sessionName = p.required("RoleSessionName", 2, 64, SESSION_NAME);
        String serial = p.optional("SerialNumber", 9, 256, QueryParams.SERIAL);
        String code = p.optionalSecret("TokenCode", 6, 6, TOKEN_CODE);
        String sourceIdentity = p.optional("SourceIdentity", 2, 64, SESSION_NAME);
        int duration = p.integer("DurationSeconds", MIN_DURATION, MAX_ROLE_DURATION, ROLE_CHAINING_MAX);

        EmulatorState state = emulator.state();
        String callerArn = caller.arn(emulator.accountId());
        AwsError notAuthorized = AwsError.accessDenied("User: " + callerArn
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        AssumableRole role = state.roleByArn(roleArn).orElseThrow(() -> notAuthorized);
        // the IAM user behind the call: the caller itself, or the user who started a chain of role sessions
        User origin = caller.kind() == Caller.Kind.PORTAL ? null
                : caller.user() != null ? caller.user() : caller.session().user();
        if (origin != null && !origin.path.startsWith(role.spec().allowedUserPath())) {
            throw notAuthorized;
        }
        if (origin != null) {
            Instant issued = caller.session() == null ? null : caller.session().issued();
            if (state.explicitlyDenied(origin, "sts:AssumeRole", issued)) {
                throw AwsError.accessDenied("User: " + callerArn + " is not authorized to perform: sts:AssumeRole on "
                        + "resource: " + roleArn + " with an explicit deny in an identity-based policy");
            }
        }
        boolean chaining = caller.kind() == Caller.Kind.ROLE_SESSION || caller.kind() == Caller.Kind.PORTAL;
        if (chaining && duration > ROLE_CHAINING_MAX) {
            throw AwsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles "
                    + "assumed by role chaining.");
        }
        if (duration > role.spec().maxSessionDuration().toSeconds()) {
            throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this "
                    + "role.");
        }
        // an MFA device belongs to an IAM user; role sessions have none of their own
        User mfaOwner = caller.kind() == Caller.Kind.USER_KEY || caller.kind() == Caller.Kind.USER_SESSION
                ? caller.user() : null;
        boolean mfa = serial != null || code != null ? checkMfa(mfaOwner, serial, code, now)
                : caller.session() != null && caller.session().mfa();
        if (role.spec().mfaRequired() && !mfa) {
            throw notAuthorized;
        }
        String inheritedSource = caller.session() == null ? null : caller.session().sourceIdentity();
        if (inheritedSource != null && sourceIdentity != null && !inheritedSource.equals(sourceIdentity)) {
            throw AwsError.accessDenied("The source identity of a role session cannot be changed.");
        }
        Session session = state.issueSession(origin, role, sessionName, mfa,
                sourceIdentity != null ? sourceIdentity : inheritedSource, now, Duration.ofSeconds(duration));
        Xml xml = credentials(new Xml(), session).open("AssumedRoleUser")
                .leaf("AssumedRoleId", role.roleId() + ":" + sessionName)
                .leaf("Arn", session.assumedRoleArn(emulator.accountId())).close("AssumedRoleUser");
        return xml.leaf("SourceIdentity", session.sourceIdentity()).toString();
    }

    /** {@code true} when a serial and a valid code were given; AccessDenied when they are wrong or incomplete. */
    private boolean checkMfa(User user, String serial, String code, Instant now) {
        if (serial == null && code == null) {
            return false;
        }
        if (serial == null || code == null) {
            throw AwsError.accessDenied(UNKNOWN_SERIAL);
        }
        emulator.state().verifyMfaCode(user, serial, code, now);
        return true;
    }

    private static Xml credentials(Xml xml, Session session) {
        return xml.open("Credentials").leaf("AccessKeyId", session.accessKeyId())
                .leaf("SecretAccessKey", session.secret()).leaf("SessionToken", session.token())
                .leaf("Expiration", session.expires()).close("Credentials");
    }
}
