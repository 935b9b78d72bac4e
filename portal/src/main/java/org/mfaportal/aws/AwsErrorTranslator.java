package org.mfaportal.aws;

import java.util.Locale;
import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place where SDK exceptions become domain exceptions. The domain exception keeps the AWS error
 * code and request id; its message is the portal's own text.
 * <p>
 * AWS messages never reach a domain exception's message. Where an AWS message might echo a request parameter
 * (validation errors, rejected codes or credentials, errors the portal does not know), the SDK exception is
 * not kept as the cause either: a {@link WithheldAwsError} with the service, code, status and request id, and
 * the original stack trace, takes its place, so a logged stack trace cannot carry a code or a key.
 */
public final class AwsErrorTranslator {

    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException", "RequestThrottled", "RequestThrottledException");
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException");
    private static final Set<String> INVALID_CREDENTIALS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException", "IncompleteSignature",
            "MissingAuthenticationToken");
    private static final Set<String> INVALID_INPUT = Set.of("ValidationError", "ValidationException", "InvalidInput",
            "MalformedInput", "InvalidParameterValue", "InvalidParameterCombination", "MissingParameter",
            "MalformedPolicyDocument", "PackedPolicyTooLarge");
    private static final Set<String> UNAVAILABLE = Set.of("ServiceUnavailable", "ServiceUnavailableException",
            "InternalFailure", "InternalError", "ServiceFailure", "ServiceFailureException");

    private AwsErrorTranslator() {
    }

    /** The domain exception for an SDK exception; never {@code null}. */
    public static AwsException translate(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return translateService(service);
        }
        // Connection refused, DNS, TLS, timeouts (ApiCallTimeoutException is an SdkClientException), dropped
        // connections, unresolvable credentials: AWS could not be asked. The SDK's texts name hosts, never input.
        String code = e instanceof SdkClientException ? null : e.getClass().getSimpleName();
        return new AwsUnavailable(code, null, e);
    }

    private static AwsException translateService(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String requestId = e.requestId();
        int status = e.statusCode();
        if (code == null || code.isBlank()) {
            // An error body the SDK could not parse (a proxy's HTML page, an empty 503): only the status counts.
            return status == 429 ? new AwsThrottled(null, requestId, e)
                    : status >= 500 ? new AwsUnavailable(null, requestId, e)
                    : new AwsRequestFailed(null, requestId, withheld(e, null));
        }

        if ("InvalidAuthenticationCode".equals(code) || ACCESS_DENIED.contains(code) && isMfaFailure(e)) {
            return new InvalidMfaCode(code, requestId, withheld(e, code));
        }
        if ("NoSuchEntity".equals(code) || "NoSuchEntityException".equals(code)) {
            return new AwsEntityNotFound(code, requestId, e);
        }
        if ("EntityAlreadyExists".equals(code) || "EntityAlreadyExistsException".equals(code)) {
            return new AwsEntityAlreadyExists(code, requestId, e);
        }
        if ("DeleteConflict".equals(code) || "DeleteConflictException".equals(code)) {
            return new AwsDeleteConflict(code, requestId, e);
        }
        if ("LimitExceeded".equals(code) || "LimitExceededException".equals(code)) {
            return new AwsLimitExceeded(code, requestId, e);
        }
        if (THROTTLED.contains(code)) {
            return new AwsThrottled(code, requestId, e);
        }
        if (ACCESS_DENIED.contains(code)) {
            // IAM and STS denial texts name the principal, the action and the resource: no input values.
            return new AwsAccessDenied(code, requestId, e);
        }
        if (INVALID_CREDENTIALS.contains(code)) {
            return new AwsInvalidCredentials(code, requestId, withheld(e, code));
        }
        if (INVALID_INPUT.contains(code)) {
            return new AwsInvalidInput(code, requestId, withheld(e, code));
        }
        if (UNAVAILABLE.contains(code) || status >= 500) {
            return new AwsUnavailable(code, requestId, e);
        }
        if (status == 429 || e.isThrottlingException()) {
            return new AwsThrottled(code, requestId, e);
        }
        return new AwsRequestFailed(code, requestId, withheld(e, code));
    }

    /**
     * STS answers a wrong code on {@code GetSessionToken}/{@code AssumeRole} with {@code AccessDenied}
     * "MultiFactorAuthentication failed with invalid MFA one time pass code."
     */
    private static boolean isMfaFailure(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("multifactorauthentication failed") || lower.contains("one time pass code");
    }

    private static Throwable withheld(AwsServiceException e, String code) {
        String service = e.awsErrorDetails() == null ? null : e.awsErrorDetails().serviceName();
        var replacement = new WithheldAwsError("AWS error (service " + service + ", code " + code + ", HTTP status "
                + e.statusCode() + ", request id " + e.requestId() + "); AWS's message withheld as it may echo input");
        replacement.setStackTrace(e.getStackTrace());
        return replacement;
    }

    /** Stands in for an SDK exception whose message is not safe to log. */
    public static final class WithheldAwsError extends RuntimeException {

        WithheldAwsError(String message) {
            super(message);
        }
    }
}
