package org.mfaportal.aws;

import java.time.Duration;

/** AWS did not accept the credentials (yet). */
public final class AwsInvalidCredentials extends AwsException {

    public AwsInvalidCredentials(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 503, "aws-credentials-not-ready", "AWS is not ready yet",
                "AWS did not accept a freshly created key in time. Nothing was kept.", "Try again in a few seconds.",
                Duration.ofSeconds(10));
    }

    public AwsInvalidCredentials(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS did not accept the credentials (yet).", awsErrorCode, requestId, cause);
    }
}
