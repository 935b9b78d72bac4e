package org.mfaportal.credentials;

import java.time.Instant;

import org.mfaportal.aws.TemporaryCredentials;

/**
 * Credentials just issued to the engineer, with what they are for. Lives only while the response is written.
 *
 * @param credentials     the session credentials
 * @param roleDisplayName the role's name for role sessions, {@code null} for plain session credentials
 * @param durationSeconds the requested duration
 * @param issuedAt        when the portal issued them
 */
public record IssuedCredentials(TemporaryCredentials credentials, String roleDisplayName, int durationSeconds,
        Instant issuedAt) {

    public boolean isRoleSession() {
        return credentials.assumedRoleArn() != null;
    }

    public Instant expiration() {
        return credentials.expiration();
    }
}
