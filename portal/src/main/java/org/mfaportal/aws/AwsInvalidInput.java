package org.mfaportal.aws;

/** AWS rejected a parameter of the request. */
public final class AwsInvalidInput extends AwsException {

    public AwsInvalidInput(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 400, "invalid-input", "AWS rejected the input",
                "AWS rejected a value of the request.", "Check the values and try again.", null);
    }

    public AwsInvalidInput(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS rejected a parameter of the request.", awsErrorCode, requestId, cause);
    }
}
