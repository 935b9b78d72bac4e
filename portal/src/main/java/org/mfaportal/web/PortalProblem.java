package org.mfaportal.web;

import java.time.Duration;
import java.util.Map;

/**
 * A failure the person can understand and act on. Each has an HTTP status, a stable machine-readable code
 * (the {@code code} of the API's problem+json), a title, a detail saying what happened and an advice saying
 * what to do. None of them may carry a secret.
 */
public abstract class PortalProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final String advice;

    protected PortalProblem(int status, String code, String title, String detail, String advice) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
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
        return getMessage();
    }

    public String advice() {
        return advice;
    }

    /** How long to wait before retrying, for 423, 429 and 503 answers. */
    public Duration retryAfter() {
        return null;
    }

    /** Per-field messages for validation failures, keyed by field name. */
    public Map<String, String> fieldErrors() {
        return Map.of();
    }
}
