package org.mfaportal.aws;

/** An IAM entity with that name already exists. */
public final class AwsEntityAlreadyExists extends AwsConflict {

    public AwsEntityAlreadyExists(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public AwsEntityAlreadyExists(String awsErrorCode, String requestId, Throwable cause) {
        this("An IAM entity with that name already exists.", awsErrorCode, requestId, cause);
    }
}
