package org.mfaportal.aws;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * STS calls. {@code GetSessionToken} and {@code AssumeRole} are signed with the engineer's own (short-lived)
 * access key and carry their MFA code, so they are sent exactly once.
 */
@ApplicationScoped
public class StsGateway {

    /** {@code GetSessionToken} as the key's user. @throws InvalidMfaCode, AwsInvalidCredentials (key not yet valid). */
    public TemporaryCredentials getSessionToken(AccessKey userKey, int durationSeconds, String serialNumber,
            String tokenCode) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code AssumeRole} as the key's user, with MFA and a source identity. */
    public TemporaryCredentials assumeRole(AccessKey userKey, String roleArn, String roleSessionName,
            int durationSeconds, String serialNumber, String tokenCode, String sourceIdentity) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GetCallerIdentity} with the given long-term key (used to wait until a new key is accepted). */
    public CallerIdentity getCallerIdentity(AccessKey key) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GetCallerIdentity} with temporary credentials. */
    public CallerIdentity getCallerIdentity(TemporaryCredentials credentials) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GetCallerIdentity} as the portal itself (readiness check). */
    public CallerIdentity portalIdentity() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
