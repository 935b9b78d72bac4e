package org.mfaportal.aws;

/** The IAM entity does not exist. */
public final class AwsEntityNotFound extends AwsException {

    public AwsEntityNotFound(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 404, "not-found", "Not found",
                "The device or user does not exist (any more).", "Reload the page to see the current state.", null);
    }

    public AwsEntityNotFound(String awsErrorCode, String requestId, Throwable cause) {
        this("The IAM entity does not exist.", awsErrorCode, requestId, cause);
    }
}
