package org.mfaportal.aws;

/** The IAM entity is still in use and cannot be deleted. */
public final class AwsDeleteConflict extends AwsConflict {

    public AwsDeleteConflict(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsDeleteConflict(String awsErrorCode, String requestId, Throwable cause) {
        this("The IAM entity is still in use and cannot be deleted.", awsErrorCode, requestId, cause);
    }
}
