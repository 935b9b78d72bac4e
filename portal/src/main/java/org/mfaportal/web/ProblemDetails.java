package org.mfaportal.web;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A {@link Problem} as the person receives it: the RFC 9457 document of the API (with the portal's stable
 * {@code code} and the request id for support), and the model of the error page.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "ProblemDetails", description = "An RFC 9457 problem document. Scripts branch on `code`, which never "
        + "changes once published; `title`, `detail` and `advice` are for people.")
public record ProblemDetails(
        @Schema(required = true, description = "`/problems/` and the code") String type,
        @Schema(required = true) String title,
        @Schema(required = true, minimum = "400", maximum = "599") int status,
        @Schema(required = true) String detail,
        @Schema(required = true, description = "Stable, machine-readable") String code,
        @Schema(description = "What to do about it") String advice,
        @Schema(required = true, description = "The request's `X-Request-Id`: quote it to the operators") String requestId,
        @Schema(minimum = "1", description = "With 423, 429 and some 503s: as `Retry-After`") Long retryAfterSeconds,
        @Schema(description = "Field name to message, for input to correct") Map<String, String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The document for a problem of the request {@code requestId}. */
    public static ProblemDetails of(Problem p, String requestId) {
        return new ProblemDetails("/problems/" + p.code(), p.title(), p.status(),
                p.detail() == null || p.detail().isBlank() ? p.title() : p.detail(), p.code(), p.advice(),
                requestId, p.retryAfter() == null ? null : p.retryAfter().toSeconds(), p.fieldErrors());
    }
}
