package org.mfaportal.aws;

/** An AWS limit was reached. */
public final class AwsLimitExceeded extends AwsException {

    public AwsLimitExceeded(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsLimitExceeded(String awsErrorCode, String requestId, Throwable cause) {
        this("An AWS limit was reached.", awsErrorCode, requestId, cause);
    }
}
