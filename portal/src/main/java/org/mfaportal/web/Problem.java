package org.mfaportal.web;

import java.time.Duration;
import java.util.Map;

/**
 * A failure as the person sees it, the one type every failure of the portal extends: an HTTP status, a stable
 * machine-readable {@code code} (the API's problem+json), a title, a detail saying what happened and an advice
 * saying what to do, and where it helps the time to wait and the fields to correct. {@link ErrorMapper} turns it
 * into a problem document ({@link ProblemDetails}) or the error page, and forms show it next to their fields,
 * without knowing which feature raised it. None of it may carry a secret.
 */
public abstract class Problem extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final String advice;

    /** A problem whose detail is also its message; no cause and no stack trace (it is expected, not a bug). */
    protected Problem(int status, String code, String title, String detail, String advice) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.advice = advice;
    }

    /**
     * A problem with a message of its own for logs and a cause (an SDK or database exception); the stack trace is
     * kept when there is a cause.
     */
    protected Problem(String message, Throwable cause, int status, String code, String title, String detail,
            String advice) {
        super(message, cause, false, cause != null);
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.advice = advice;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public String advice() {
        return advice;
    }

    /** Whether the failure is the person's to fix (a 4xx), as opposed to AWS's or the portal's. */
    public boolean isClientError() {
        return status < 500;
    }

    /** How long to wait before retrying ({@code Retry-After}), for 423, 429 and 503 answers; else {@code null}. */
    public Duration retryAfter() {
        return null;
    }

    /** Per-field messages for input to correct, keyed by field name. */
    public Map<String, String> fieldErrors() {
        return Map.of();
    }

    /** The message for one field, or {@code null}: what a form shows next to that field. */
    public String field(String name) {
        return fieldErrors().get(name);
    }

    /**
     * A line for the operators' log when this problem is not the person's to fix (a dependency failed), with the
     * portal's request id; {@code null} when there is nothing to log. Never a secret.
     */
    public String failureLog(String requestId) {
        return null;
    }
}
