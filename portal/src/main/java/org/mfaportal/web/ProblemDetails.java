package org.mfaportal.web;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document as the API returns it, with the portal's stable {@code code} and the request
 * id for support.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDetails(String type, String title, int status, String detail, String code, String advice,
        String requestId, Long retryAfterSeconds, Map<String, String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem document for an answer. */
    public static ProblemDetails of(Answer a) {
        return new ProblemDetails("/problems/" + a.code(), a.title(), a.status(), a.detail(), a.code(), a.advice(),
                a.requestId(), a.retryAfter() == null ? null : a.retryAfter().toSeconds(), a.errors());
    }
}
