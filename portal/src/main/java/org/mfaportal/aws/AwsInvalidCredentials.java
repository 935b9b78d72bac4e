package org.mfaportal.aws;

/** AWS did not accept the credentials (yet). */
public final class AwsInvalidCredentials extends AwsException {

    public AwsInvalidCredentials(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsInvalidCredentials(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS did not accept the credentials (yet).", awsErrorCode, requestId, cause);
    }
}
