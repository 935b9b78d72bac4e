package org.mfaportal.aws;

import java.time.Instant;

/**
 * Session credentials from STS. {@code assumedRoleArn} and {@code sourceIdentity} are set for role
 * sessions only. {@link #toString()} redacts the secret and the token.
 */
public record TemporaryCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
        String assumedRoleArn, String sourceIdentity) {

    @Override
    public String toString() {
        return "TemporaryCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration
                + ", assumedRoleArn=" + assumedRoleArn + ", secretAccessKey=<redacted>, sessionToken=<redacted>]";
    }
}
