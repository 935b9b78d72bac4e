package org.mfaportal.aws;

/** AWS rejected a parameter of the request. */
public final class AwsInvalidInput extends AwsException {

    public AwsInvalidInput(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsInvalidInput(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS rejected a parameter of the request.", awsErrorCode, requestId, cause);
    }
}
