package org.mfaportal.aws;

/**
 * Base of every failure the AWS layer reports. Messages are written by the portal, never copied from
 * a request, so they cannot carry a seed, a key or a code.
 */
public abstract class AwsException extends RuntimeException {

    private final String awsErrorCode;
    private final String requestId;

    protected AwsException(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, cause, false, cause != null);
        this.awsErrorCode = awsErrorCode;
        this.requestId = requestId;
    }

    /** The error code AWS returned (for example {@code Throttling}), or {@code null} for transport failures. */
    public String awsErrorCode() {
        return awsErrorCode;
    }

    /** The AWS request id, for support cases and CloudTrail; may be {@code null}. */
    public String requestId() {
        return requestId;
    }
}
