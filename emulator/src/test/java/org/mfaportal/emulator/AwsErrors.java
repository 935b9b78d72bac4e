package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Asserts that an SDK call failed with a given AWS error code and HTTP status. */
final class AwsErrors {

    private AwsErrors() {
    }

    static AwsServiceException assertAwsError(ThrowingCallable call, String code, int status) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        assertThat(e).as("expected AWS error %s", code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        return e;
    }
}
