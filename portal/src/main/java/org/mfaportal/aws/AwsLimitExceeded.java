package org.mfaportal.aws;

/** An AWS limit was reached. */
public final class AwsLimitExceeded extends AwsException {

    public AwsLimitExceeded(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 409, "aws-limit-exceeded", "An AWS limit was reached",
                "AWS refused because a limit was reached (devices or access keys per user).",
                "Remove something you no longer use, or ask an admin.", null);
    }

    public AwsLimitExceeded(String awsErrorCode, String requestId, Throwable cause) {
        this("An AWS limit was reached.", awsErrorCode, requestId, cause);
    }
}
