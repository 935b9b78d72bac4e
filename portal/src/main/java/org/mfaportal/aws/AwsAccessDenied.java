package org.mfaportal.aws;

/** AWS denied the request. */
public final class AwsAccessDenied extends AwsException {

    public AwsAccessDenied(String message, String awsErrorCode, String requestId, Throwable cause) {
        super(message, awsErrorCode, requestId, cause, 503, "aws-access-denied", "The portal is not allowed to do this",
                "AWS denied the portal's request; its IAM role may lack a permission.",
                "Tell the portal's operators (quote the request id).", null);
    }

    public AwsAccessDenied(String awsErrorCode, String requestId, Throwable cause) {
        this("AWS denied the request.", awsErrorCode, requestId, cause);
    }
}
