package org.mfaportal.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import io.quarkus.security.ForbiddenException;

/**
 * The problems that the framework, not a feature, raises: a missing or refused bearer token, an
 * {@code @RolesAllowed} refusal, Bean Validation, an unreadable request, an unexpected failure. Features raise
 * their own {@link Problem}s; this is where web gives the framework's exceptions the same shape.
 */
final class FrameworkProblem extends Problem {

    private final Map<String, String> errors;

    FrameworkProblem(int status, String code, String title, String detail, String advice, Map<String, String> errors) {
        super(status, code, title, detail, advice);
        this.errors = Map.copyOf(errors);
    }

    @Override
    public Map<String, String> fieldErrors() {
        return errors;
    }

    /** The problem a failure is, or {@code null} for a failure the portal did not expect (a bug). */
    static Problem of(Throwable e) {
        if (e instanceof Problem problem) {
            return problem;
        }
        if (e instanceof ForbiddenException) {
            // @RolesAllowed refused: the admin console for someone who is not an admin.
            return new FrameworkProblem(403, "not-allowed", "Not allowed",
                    "This page or action is for portal admins, and you are not one.",
                    "Ask a portal admin if you think you should be able to.", Map.of());
        }
        if (e instanceof ConstraintViolationException v) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (ConstraintViolation<?> violation : v.getConstraintViolations()) {
                String path = violation.getPropertyPath().toString();
                errors.putIfAbsent(path.substring(path.lastIndexOf('.') + 1), violation.getMessage());
            }
            return new FrameworkProblem(400, "invalid-input", "Some input is not valid",
                    "The request has invalid fields.", "Correct the listed fields and try again.", errors);
        }
        return null;
    }

    /**
     * An API call without a valid bearer token.
     *
     * @param tokenRejected whether a token was sent and refused (invalid, expired, wrong audience) rather than missing
     */
    static FrameworkProblem unauthorized(boolean tokenRejected) {
        return new FrameworkProblem(401, "unauthorized", "Sign-in required",
                tokenRejected ? "The bearer token is invalid, expired, or not issued for this portal."
                        : "The request has no bearer token.",
                "Get a new access token (mfa-portal login, or your identity provider) and send it as "
                        + "'Authorization: Bearer <token>'.",
                Map.of());
    }
}
