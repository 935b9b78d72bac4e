package org.mfaportal.aws;

/** An IAM entity with that name already exists. */
public final class AwsEntityAlreadyExists extends AwsException {

    public AwsEntityAlreadyExists(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 409, "conflict", "Conflicting state",
                "AWS refused because the device is in a different state than expected.", "Reload the page and try again.",
                null);
    }

    public AwsEntityAlreadyExists(String awsErrorCode, String requestId, Throwable cause) {
        this("An IAM entity with that name already exists.", awsErrorCode, requestId, cause);
    }
}
