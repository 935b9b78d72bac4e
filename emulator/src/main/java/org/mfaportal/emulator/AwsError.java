package org.mfaportal.emulator;

/**
 * An error answered the way AWS answers it: an error code, an HTTP status, who is at fault and a message.
 * Messages never carry a secret, a seed or an MFA code.
 */
final class AwsError extends RuntimeException {

    private final String code;
    private final int status;
    private final boolean senderFault;

    AwsError(String code, int status, boolean senderFault, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.senderFault = senderFault;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    /** {@code Sender} or {@code Receiver}, as in the {@code <Type>} element. */
    String type() {
        return senderFault ? "Sender" : "Receiver";
    }

    static AwsError sender(String code, int status, String message) {
        return new AwsError(code, status, true, message);
    }

    static AwsError noSuchEntity(String message) {
        return sender("NoSuchEntity", 404, message);
    }

    static AwsError alreadyExists(String message) {
        return sender("EntityAlreadyExists", 409, message);
    }

    static AwsError deleteConflict(String message) {
        return sender("DeleteConflict", 409, message);
    }

    static AwsError limitExceeded(String message) {
        return sender("LimitExceeded", 409, message);
    }

    /** IAM's code for wrong TOTP codes; botocore's IAM model gives it HTTP 403. */
    static AwsError invalidAuthenticationCode() {
        return sender("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.");
    }

    static AwsError validation(String message) {
        return sender("ValidationError", 400, message);
    }

    static AwsError accessDenied(String message) {
        return sender("AccessDenied", 403, message);
    }

    static AwsError invalidClientTokenId() {
        return sender("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
    }

    static AwsError signatureDoesNotMatch() {
        return sender("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature "
                + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
                + "for details.");
    }

    static AwsError expiredToken() {
        return sender("ExpiredToken", 400, "The security token included in the request is expired");
    }

    static AwsError incompleteSignature(String message) {
        return sender("IncompleteSignature", 400, message);
    }

    static AwsError missingAuthenticationToken() {
        return sender("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
    }

    static AwsError invalidAction(String action) {
        return sender("InvalidAction", 400, "Could not find operation " + action + " for version of the service");
    }

    static AwsError throttling() {
        return sender("Throttling", 400, "Rate exceeded");
    }

    static AwsError serviceUnavailable() {
        return new AwsError("ServiceUnavailable", 503, false, "Service is unable to handle request.");
    }

    static AwsError internalFailure() {
        return new AwsError("InternalFailure", 500, false,
                "The request processing has failed because of an unknown error, exception or failure.");
    }
}
