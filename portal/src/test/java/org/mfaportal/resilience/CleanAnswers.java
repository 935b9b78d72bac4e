package org.mfaportal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * What "a clear answer" means for the resilience tests: a success, or a 4xx problem with a code the portal
 * documents, or a 503 that says when to retry. Never a 500, never an unknown code.
 */
final class CleanAnswers {

    /** Every {@code code} the API may answer with (the {@code web.Problem} subclasses and web's framework answers). */
    static final Set<String> KNOWN_CODES = Set.of("invalid-input", "mfa-code-invalid", "csrf-token-invalid",
            "identity-not-mapped", "not-found", "aws-limit-exceeded", "conflict", "locked-out", "audit-unavailable",
            "aws-access-denied", "aws-credentials-not-ready", "aws-error", "aws-throttled", "aws-unavailable",
            "confirmation-required", "not-allowed", "device-not-found", "enrollment-not-found", "role-not-found",
            "access-key-limit", "device-already-active", "no-active-device", "unauthorized", "method-not-allowed",
            "not-acceptable", "unsupported-media-type", "bad-request", "rate-limited", "user-not-found", "orphan-not-found",
            "own-device-not-allowed", "code-request-not-found", "code-request-expired", "code-request-refused",
            "code-request-used", "too-many-code-requests", "device-limit-reached", "invalid-device-name",
            "no-code-capable-device", "security-key-has-no-codes", "device-not-removable", "device-required",
            "device-no-longer-in-aws", "device-replaced-in-aws", "payload-too-large", "uri-too-long",
            "headers-too-large");

    private CleanAnswers() {
    }

    /** Asserts an API answer is a success or a clear problem; {@code what} names the request in failures. */
    static void assertClearApiAnswer(String what, ExtractableResponse<Response> r) {
        int status = r.statusCode();
        assertThat(status < 500 || status == 503).as("%s: status %d is below 500 or a 503 (body %s)", what, status, r.asString())
                .isTrue();
        if (status < 400) {
            return;
        }
        assertThat(r.contentType()).as("%s: a %d is problem+json", what, status).startsWith("application/problem+json");
        String code = r.jsonPath().getString("code");
        assertThat(code).as("%s: problem code", what).isIn(KNOWN_CODES);
        assertThat(code).as("%s: an unexpected failure", what).isNotEqualTo("internal-error");
        if (status == 503) {
            assertThat(r.header("Retry-After")).as("%s: a 503 (%s) says when to retry", what, code).isNotBlank();
        }
    }
}
