package org.mfaportal.credentials;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditService;
import org.mfaportal.aws.AwsException;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.identity.CurrentUser;

/**
 * Revokes every temporary credential of a user issued before now. AWS cannot revoke issued credentials, so
 * the user gets an inline policy denying everything to sessions whose {@code aws:TokenIssueTime} is earlier;
 * credentials issued later are unaffected. Re-revoking moves the date forward.
 */
@ApplicationScoped
public class SessionRevoker {

    /** Name of the inline deny policy on the user. */
    public static final String POLICY_NAME = "mfa-portal-revoked-sessions";

    private final IamGateway iam;
    private final AuditService audit;
    private final Clock clock;

    SessionRevoker(IamGateway iam, AuditService audit, Clock clock) {
        this.iam = iam;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Revokes {@code userName}'s sessions, audited as {@code action} with {@code reason}.
     *
     * @return the cut-off: sessions issued before it are denied
     */
    public Instant revoke(CurrentUser actor, String userName, AuditAction action, String reason) {
        Instant cutoff = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
        try {
            iam.putUserPolicy(userName, POLICY_NAME, policy(cutoff));
        } catch (AwsException e) {
            audit.record(actor, userName, action, AuditOutcome.FAILED, String.valueOf(e.awsErrorCode()), reason);
            throw e;
        }
        audit.record(actor, userName, action, AuditOutcome.SUCCESS, "sessions issued before " + cutoff + " denied",
                reason);
        return cutoff;
    }

    static String policy(Instant cutoff) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RevokeOlderSessions\",\"Effect\":\"Deny\","
                + "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\""
                + cutoff + "\"}}}]}";
    }
}
