package org.mfaportal.aws;

import java.time.Duration;

import org.mfaportal.web.Problem;

/**
 * Base of every failure the AWS layer reports, each a {@link Problem} with what the person sees. Messages are
 * written by the portal, never copied from a request, so they cannot carry a seed, a key or a code.
 */
public abstract class AwsException extends Problem {

    private final String awsErrorCode;
    private final String requestId;
    private final Duration retryAfter;

    /**
     * @param message      the portal's own text for logs
     * @param awsErrorCode AWS's error code, or {@code null} for transport failures
     * @param requestId    AWS's request id, or {@code null}
     * @param cause        the SDK exception (or its stand-in), or {@code null}
     * @param status       and {@code code}, {@code title}, {@code detail}, {@code advice}: what the person sees
     *                     ({@link Problem})
     * @param retryAfter   how long to wait before trying again, or {@code null} for no {@code Retry-After}
     */
    protected AwsException(String message, String awsErrorCode, String requestId, Throwable cause, int status,
            String code, String title, String detail, String advice, Duration retryAfter) {
        super(message, cause, status, code, title, detail, advice);
        this.awsErrorCode = awsErrorCode;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    /** The error code AWS returned (for example {@code Throttling}), or {@code null} for transport failures. */
    public String awsErrorCode() {
        return awsErrorCode;
    }

    /** The AWS request id, for support cases and CloudTrail; may be {@code null}. */
    public String requestId() {
        return requestId;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String failureLog(String portalRequestId) {
        return String.format("AWS call failed: %s (aws code %s, aws request %s, request %s)",
                getClass().getSimpleName(), awsErrorCode, requestId, portalRequestId);
    }
}
