package org.mfaportal.aws;

/** AWS refused because an entity is in another state than the request expected: one answer for every such refusal. */
abstract class AwsConflict extends AwsException {

    AwsConflict(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 409, "conflict", "Conflicting state",
                "AWS refused because the device is in a different state than expected.", "Reload the page and try again.",
                null);
    }
}
