package org.mfaportal.aws;

/** The MFA code was not accepted. Codes are single-use and change every 30 seconds. */
public final class InvalidMfaCode extends AwsException {

    public InvalidMfaCode(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause);
    }

    public InvalidMfaCode(String awsErrorCode, String requestId, Throwable cause) {
        this("The MFA code was not accepted. Codes are single-use and change every 30 seconds.", awsErrorCode, requestId, cause);
    }
}
