package org.mfaportal.aws;

/** The IAM entity does not exist. */
public final class AwsEntityNotFound extends AwsException {

    public AwsEntityNotFound(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsEntityNotFound(String awsErrorCode, String requestId, Throwable cause) {
        this("The IAM entity does not exist.", awsErrorCode, requestId, cause);
    }
}
