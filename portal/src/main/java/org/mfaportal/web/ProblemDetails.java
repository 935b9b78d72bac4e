package org.mfaportal.web;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A {@link Problem} as the person receives it: the RFC 9457 document of the API (with the portal's stable
 * {@code code} and the request id for support), and the model of the error page.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDetails(String type, String title, int status, String detail, String code, String advice,
        String requestId, Long retryAfterSeconds, Map<String, String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The document for a problem of the request {@code requestId}. */
    public static ProblemDetails of(Problem p, String requestId) {
        return new ProblemDetails("/problems/" + p.code(), p.title(), p.status(), p.detail(), p.code(), p.advice(),
                requestId, p.retryAfter() == null ? null : p.retryAfter().toSeconds(), p.fieldErrors());
    }
}
