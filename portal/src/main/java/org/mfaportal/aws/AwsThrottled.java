package org.mfaportal.aws;

/** AWS is throttling requests; try again shortly. */
public final class AwsThrottled extends AwsException {

    public AwsThrottled(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsThrottled(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS is throttling requests; try again shortly.", awsErrorCode, requestId, cause);
    }
}
