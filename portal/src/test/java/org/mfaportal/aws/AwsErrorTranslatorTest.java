package org.mfaportal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorTranslatorTest {

    private static final String REQUEST_ID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE";

    private static AwsServiceException serviceError(int status, String code, String message) {
        return AwsServiceException.builder()
                .statusCode(status)
                .requestId(REQUEST_ID)
                .message(message)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .serviceName("Iam")
                        .errorCode(code)
                        .errorMessage(message)
                        .build())
                .build();
    }

    private static AwsException translate(int status, String code, String message) {
        return AwsErrorTranslator.translate(serviceError(status, code, message));
    }

    @Test
    void noSuchEntityBecomesEntityNotFound() {
        assertThat(translate(404, "NoSuchEntity", "The user with name alice cannot be found."))
                .isInstanceOf(AwsEntityNotFound.class);
    }

    @Test
    void entityAlreadyExistsBecomesEntityAlreadyExists() {
        assertThat(translate(409, "EntityAlreadyExists", "MFADevice entity at the same path and name already exists."))
                .isInstanceOf(AwsEntityAlreadyExists.class);
    }

    @Test
    void deleteConflictBecomesDeleteConflict() {
        assertThat(translate(409, "DeleteConflict", "MFA VirtualDevice in use. Must deactivate first."))
                .isInstanceOf(AwsDeleteConflict.class);
    }

    @Test
    void limitExceededBecomesLimitExceeded() {
        assertThat(translate(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"))
                .isInstanceOf(AwsLimitExceeded.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException" })
    void throttlingCodesBecomeThrottled(String code) {
        assertThat(translate(400, code, "Rate exceeded")).isInstanceOf(AwsThrottled.class);
    }

    @Test
    void status429WithUnknownCodeBecomesThrottled() {
        assertThat(translate(429, "SomethingNew", "slow down")).isInstanceOf(AwsThrottled.class);
    }

    @Test
    void invalidAuthenticationCodeBecomesInvalidMfaCode() {
        assertThat(translate(403, "InvalidAuthenticationCode", "Authentication code for device is not valid."))
                .isInstanceOf(InvalidMfaCode.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
            "MultiFactorAuthentication failed, unable to validate MFA code.",
            "Invalid one time pass code" })
    void stsAccessDeniedForTheMfaCodeBecomesInvalidMfaCode(String message) {
        assertThat(translate(403, "AccessDenied", message)).isInstanceOf(InvalidMfaCode.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "AccessDenied", "AccessDeniedException" })
    void otherAccessDeniedBecomesAccessDenied(String code) {
        assertThat(translate(403, code,
                "User: arn:aws:iam::123456789012:user/portal is not authorized to perform: iam:CreateVirtualMFADevice"))
                .isInstanceOf(AwsAccessDenied.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken",
            "UnrecognizedClientException" })
    void rejectedCredentialsBecomeInvalidCredentials(String code) {
        assertThat(translate(403, code, "The security token included in the request is invalid."))
                .isInstanceOf(AwsInvalidCredentials.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ValidationError", "InvalidInput", "ValidationException", "MalformedInput" })
    void validationCodesBecomeInvalidInput(String code) {
        assertThat(translate(400, code, "1 validation error detected")).isInstanceOf(AwsInvalidInput.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ServiceUnavailable", "InternalFailure", "ServiceFailure" })
    void serverFailureCodesBecomeUnavailable(String code) {
        assertThat(translate(503, code, "try later")).isInstanceOf(AwsUnavailable.class);
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 502, 503, 504 })
    void anyServerErrorStatusBecomesUnavailable(int status) {
        assertThat(translate(status, null, null)).isInstanceOf(AwsUnavailable.class);
    }

    @Test
    void connectionRefusedBecomesUnavailable() {
        var refused = SdkClientException.builder()
                .message("Unable to execute HTTP request: Connect to 127.0.0.1:1 failed: Connection refused")
                .cause(new ConnectException("Connection refused"))
                .build();

        AwsException translated = AwsErrorTranslator.translate(refused);

        assertThat(translated).isInstanceOf(AwsUnavailable.class).hasCause(refused);
        assertThat(translated.awsErrorCode()).isNull();
        assertThat(translated.requestId()).isNull();
    }

    @Test
    void callTimeoutBecomesUnavailable() {
        var timeout = ApiCallTimeoutException.create(10_000);

        assertThat(AwsErrorTranslator.translate(timeout)).isInstanceOf(AwsUnavailable.class);
    }

    @Test
    void unknownClientErrorBecomesRequestFailed() {
        assertThat(translate(400, "OptInRequired", "whatever")).isInstanceOf(AwsRequestFailed.class);
    }

    @Test
    void keepsTheAwsErrorCodeAndRequestId() {
        AwsException translated = translate(404, "NoSuchEntity", "The user with name alice cannot be found.");

        assertThat(translated.awsErrorCode()).isEqualTo("NoSuchEntity");
        assertThat(translated.requestId()).isEqualTo(REQUEST_ID);
    }

    @Test
    void messageIsThePortalsOwnTextNotAws() {
        AwsException translated = translate(404, "NoSuchEntity", "The user with name alice cannot be found.");

        assertThat(translated.getMessage()).isEqualTo("The IAM entity does not exist.").doesNotContain("alice");
    }

    @Test
    void awsMessageThatMayEchoACodeIsWithheldFromTheWholeCauseChain() {
        String echoed = "Value '123456' at 'tokenCode' failed to satisfy constraint";

        for (String code : new String[] { "ValidationError", "InvalidAuthenticationCode", "SignatureDoesNotMatch",
                "SomethingNew" }) {
            AwsException translated = translate(400, code, echoed);

            assertThat(allMessages(translated)).as(code).doesNotContain("123456");
            assertThat(translated.getCause()).as(code).isInstanceOf(AwsErrorTranslator.WithheldAwsError.class)
                    .hasMessageContaining(code).hasMessageContaining(REQUEST_ID);
        }
    }

    @Test
    void stsMfaFailureMessageIsWithheldToo() {
        AwsException translated = translate(403, "AccessDenied",
                "MultiFactorAuthentication failed with invalid MFA one time pass code. ");

        assertThat(translated.getCause()).isInstanceOf(AwsErrorTranslator.WithheldAwsError.class);
        assertThat(translated.awsErrorCode()).isEqualTo("AccessDenied");
    }

    private static String allMessages(Throwable t) {
        var all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}
