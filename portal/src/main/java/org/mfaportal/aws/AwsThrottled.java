package org.mfaportal.aws;

import java.time.Duration;

/** AWS is throttling requests; try again shortly. */
public final class AwsThrottled extends AwsException {

    public AwsThrottled(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 503, "aws-throttled", "AWS is busy",
                "AWS is limiting the rate of requests right now. Nothing was changed.",
                "Wait a few seconds and try again.", Duration.ofSeconds(5));
    }

    public AwsThrottled(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS is throttling requests; try again shortly.", awsErrorCode, requestId, cause);
    }
}
