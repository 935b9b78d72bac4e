package org.mfaportal.aws;

/** The IAM entity is still in use and cannot be deleted. */
public final class AwsDeleteConflict extends AwsException {

    public AwsDeleteConflict(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 409, "conflict", "Conflicting state",
                "AWS refused because the device is in a different state than expected.", "Reload the page and try again.",
                null);
    }

    public AwsDeleteConflict(String awsErrorCode, String requestId, Throwable cause) {
        this("The IAM entity is still in use and cannot be deleted.", awsErrorCode, requestId, cause);
    }
}
