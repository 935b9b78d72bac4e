package org.mfaportal.aws;

/** The MFA code was not accepted. Codes are single-use and change every 30 seconds. */
public final class InvalidMfaCode extends AwsException {

    public InvalidMfaCode(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 400, "mfa-code-invalid", "That code was not accepted",
                "AWS did not accept the MFA code. Codes change every 30 seconds and each works only once.",
                "Wait for the next code in your authenticator app and try again.", null);
    }

    public InvalidMfaCode(String awsErrorCode, String requestId, Throwable cause) {
        this("The MFA code was not accepted. Codes are single-use and change every 30 seconds.", awsErrorCode, requestId, cause);
    }
}
