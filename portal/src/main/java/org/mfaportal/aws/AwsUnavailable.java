package org.mfaportal.aws;

import java.time.Duration;

/** AWS could not be reached or failed; try again shortly. */
public final class AwsUnavailable extends AwsException {

    public AwsUnavailable(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 503, "aws-unavailable", "AWS is not answering",
                "AWS could not be reached or failed. Nothing was changed.",
                "Try again in a minute; if it persists, tell the portal's operators.", Duration.ofSeconds(30));
    }

    public AwsUnavailable(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS could not be reached or failed; try again shortly.", awsErrorCode, requestId, cause);
    }
}
