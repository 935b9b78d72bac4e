package org.mfaportal.credentials.snippets;

import java.time.Instant;

import org.mfaportal.aws.TemporaryCredentials;

/** Credentials shaped like real STS output (AWS documentation example values), and variants with chosen values. */
final class TestCredentials {

    static final String ACCESS_KEY_ID = "ASIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN+/=";
    static final Instant EXPIRATION = Instant.parse("2025-03-01T12:00:00Z");
    static final String EXPIRATION_TEXT = "2025-03-01T12:00:00Z";

    private TestCredentials() {
    }

    static TemporaryCredentials ordinary() {
        return new TemporaryCredentials(ACCESS_KEY_ID, SECRET, TOKEN, EXPIRATION, null, null);
    }

    static TemporaryCredentials withSecret(String secret) {
        return new TemporaryCredentials(ACCESS_KEY_ID, secret, TOKEN, EXPIRATION, null, null);
    }

    static TemporaryCredentials with(String accessKeyId, String secret, String token) {
        return new TemporaryCredentials(accessKeyId, secret, token, EXPIRATION, null, null);
    }

    static TemporaryCredentials roleSession() {
        return new TemporaryCredentials(ACCESS_KEY_ID, SECRET, TOKEN, EXPIRATION,
                "arn:aws:sts::123456789012:assumed-role/Deploy/alice", "alice@example.com");
    }
}
