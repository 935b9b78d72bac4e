package org.mfaportal.aws;

/** AWS denied the request. */
public final class AwsAccessDenied extends AwsException {

    public AwsAccessDenied(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsAccessDenied(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS denied the request.", awsErrorCode, requestId, cause);
    }
}
