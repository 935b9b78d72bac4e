package org.mfaportal.aws;

/** AWS could not be reached or failed; try again shortly. */
public final class AwsUnavailable extends AwsException {

    public AwsUnavailable(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsUnavailable(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS could not be reached or failed; try again shortly.", awsErrorCode, requestId, cause);
    }
}
