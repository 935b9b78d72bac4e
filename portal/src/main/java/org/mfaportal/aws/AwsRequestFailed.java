package org.mfaportal.aws;

/** AWS refused the request with an error the portal has no more specific name for. */
public final class AwsRequestFailed extends AwsException {

    public AwsRequestFailed(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 503, "aws-error", "AWS failed", "AWS returned an unexpected error.",
                "Try again; if it persists, tell the portal's operators.", null);
    }

    public AwsRequestFailed(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS refused the request.", awsErrorCode, requestId, cause);
    }
}
