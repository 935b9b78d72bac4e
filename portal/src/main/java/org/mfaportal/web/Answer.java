package org.mfaportal.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import org.mfaportal.audit.AuditUnavailable;
import org.mfaportal.aws.AwsAccessDenied;
import org.mfaportal.aws.AwsDeleteConflict;
import org.mfaportal.aws.AwsEntityAlreadyExists;
import org.mfaportal.aws.AwsEntityNotFound;
import org.mfaportal.aws.AwsException;
import org.mfaportal.aws.AwsInvalidCredentials;
import org.mfaportal.aws.AwsInvalidInput;
import org.mfaportal.aws.AwsLimitExceeded;
import org.mfaportal.aws.AwsThrottled;
import org.mfaportal.aws.AwsUnavailable;
import org.mfaportal.aws.InvalidMfaCode;
import org.mfaportal.credentials.InvalidProfileName;
import org.mfaportal.credentials.InvalidRegion;
import org.mfaportal.credentials.UnknownCredentialFormat;
import org.mfaportal.identity.NotMappedToIamUser;
import org.mfaportal.lockout.LockedOut;

import io.quarkus.security.ForbiddenException;

/**
 * A failure as the person sees it: status, stable code, title, what happened, what to do. The single source
 * of these texts, for the API's problem documents, the error page and the messages shown next to forms.
 */
public record Answer(int status, String code, String title, String detail, String advice, Duration retryAfter,
        Map<String, String> errors, String requestId) {

    /** Whether the failure is the person's to fix (a 4xx), as opposed to AWS's or the portal's. */
    public boolean isClientError() {
        return status < 500;
    }

    /**
     * The answer to an API call without a valid bearer token.
     *
     * @param tokenRejected whether a token was sent and refused (invalid, expired, wrong audience) rather than missing
     */
    public static Answer unauthorized(boolean tokenRejected, String requestId) {
        return new Answer(401, "unauthorized", "Sign-in required",
                tokenRejected ? "The bearer token is invalid, expired, or not issued for this portal."
                        : "The request has no bearer token.",
                "Get a new access token (mfa-portal login, or your identity provider) and send it as "
                        + "'Authorization: Bearer <token>'.",
                null, Map.of(), requestId);
    }

    /** The answer for a failure, or {@code null} for failures the portal did not expect. */
    public static Answer of(Throwable e, String requestId) {
        if (e instanceof PortalProblem p) {
            return new Answer(p.status(), p.code(), p.title(), p.detail(), p.advice(), p.retryAfter(),
                    p.fieldErrors(), requestId);
        }
        if (e instanceof InvalidMfaCode) {
            return new Answer(400, "mfa-code-invalid", "That code was not accepted",
                    "AWS did not accept the MFA code. Codes change every 30 seconds and each works only once.",
                    "Wait for the next code in your authenticator app and try again.", null, Map.of(), requestId);
        }
        if (e instanceof LockedOut l) {
            long minutes = Math.max(1, (l.retryAfter().toSeconds() + 59) / 60);
            return new Answer(423, "locked-out", "Too many wrong codes",
                    "You entered too many wrong MFA codes, so code entry is paused for your account.",
                    "Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.")
                            + " If your codes keep failing, resync your device or ask an admin.",
                    l.retryAfter(), Map.of(), requestId);
        }
        if (e instanceof NotMappedToIamUser n) {
            return new Answer(403, "identity-not-mapped", "No IAM user for you in this portal",
                    "Your sign-in does not map to an IAM user the portal manages ("
                            + n.reason().name().toLowerCase().replace('_', '-') + ").",
                    "Ask your AWS administrators to create your IAM user in the managed path.", null, Map.of(),
                    requestId);
        }
        if (e instanceof CsrfRejected) {
            return new Answer(403, "csrf-token-invalid", "This form has expired",
                    "The form was sent without its security token, or from another site.",
                    "Go back, reload the page and submit the form again.", null, Map.of(), requestId);
        }
        if (e instanceof ForbiddenException) {
            // @RolesAllowed refused: the admin console for someone who is not an admin.
            return new Answer(403, "not-allowed", "Not allowed",
                    "This page or action is for portal admins, and you are not one.",
                    "Ask a portal admin if you think you should be able to.", null, Map.of(), requestId);
        }
        if (e instanceof AuditUnavailable) {
            return new Answer(503, "audit-unavailable", "The portal cannot record actions right now",
                    "The audit trail could not be written, so the portal does not report the action as done.",
                    "Try again in a minute; if it persists, tell the portal's operators.", Duration.ofSeconds(30),
                    Map.of(), requestId);
        }
        if (e instanceof ConstraintViolationException v) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (ConstraintViolation<?> violation : v.getConstraintViolations()) {
                String path = violation.getPropertyPath().toString();
                errors.putIfAbsent(path.substring(path.lastIndexOf('.') + 1), violation.getMessage());
            }
            return new Answer(400, "invalid-input", "Some input is not valid", "The request has invalid fields.",
                    "Correct the listed fields and try again.", null, errors, requestId);
        }
        if (e instanceof AwsException aws) {
            return ofAws(aws, requestId);
        }
        if (e instanceof InvalidProfileName || e instanceof InvalidRegion || e instanceof UnknownCredentialFormat) {
            String field = e instanceof InvalidProfileName ? "profileName"
                    : e instanceof InvalidRegion ? "region" : "format";
            return new Answer(400, "invalid-input", "Some input is not valid", e.getMessage(),
                    "Correct the field and try again.", null, Map.of(field, e.getMessage()), requestId);
        }
        return null;
    }

    private static Answer ofAws(AwsException e, String requestId) {
        if (e instanceof AwsThrottled) {
            return new Answer(503, "aws-throttled", "AWS is busy",
                    "AWS is limiting the rate of requests right now. Nothing was changed.",
                    "Wait a few seconds and try again.", Duration.ofSeconds(5), Map.of(), requestId);
        }
        if (e instanceof AwsUnavailable) {
            return new Answer(503, "aws-unavailable", "AWS is not answering",
                    "AWS could not be reached or failed. Nothing was changed.",
                    "Try again in a minute; if it persists, tell the portal's operators.", Duration.ofSeconds(30),
                    Map.of(), requestId);
        }
        if (e instanceof AwsInvalidCredentials) {
            return new Answer(503, "aws-credentials-not-ready", "AWS is not ready yet",
                    "AWS did not accept a freshly created key in time. Nothing was kept.",
                    "Try again in a few seconds.", Duration.ofSeconds(10), Map.of(), requestId);
        }
        if (e instanceof AwsAccessDenied) {
            return new Answer(503, "aws-access-denied", "The portal is not allowed to do this",
                    "AWS denied the portal's request; its IAM role may lack a permission.",
                    "Tell the portal's operators (quote the request id).", null, Map.of(), requestId);
        }
        if (e instanceof AwsEntityNotFound) {
            return new Answer(404, "not-found", "Not found", "The device or user does not exist (any more).",
                    "Reload the page to see the current state.", null, Map.of(), requestId);
        }
        if (e instanceof AwsDeleteConflict || e instanceof AwsEntityAlreadyExists) {
            return new Answer(409, "conflict", "Conflicting state",
                    "AWS refused because the device is in a different state than expected.",
                    "Reload the page and try again.", null, Map.of(), requestId);
        }
        if (e instanceof AwsLimitExceeded) {
            return new Answer(409, "aws-limit-exceeded", "An AWS limit was reached",
                    "AWS refused because a limit was reached (devices or access keys per user).",
                    "Remove something you no longer use, or ask an admin.", null, Map.of(), requestId);
        }
        if (e instanceof AwsInvalidInput) {
            return new Answer(400, "invalid-input", "AWS rejected the input", "AWS rejected a value of the request.",
                    "Check the values and try again.", null, Map.of(), requestId);
        }
        return new Answer(503, "aws-error", "AWS failed", "AWS returned an unexpected error.",
                "Try again; if it persists, tell the portal's operators.", null, Map.of(), requestId);
    }
}
