package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.emulator.AwsErrors.assertAwsError;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.mfaportal.emulator.EmulatorFixture.Device;
import org.mfaportal.emulator.EmulatorSettings.SeedRole;

import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** STS rules, each asserted through the real AWS SDK v2 client. */
class StsConformanceTest {

    private static final String ENGINEER_ROLE = "arn:aws:iam::123456789012:role/engineer";
    private static final String OPEN_ROLE = "arn:aws:iam::123456789012:role/open";
    private static final String INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    private EmulatorFixture aws;
    private Device device;
    private AccessKey key;
    private StsClient alice;

    @BeforeEach
    void start() {
        aws = new EmulatorFixture(EmulatorSettings.defaults().withRoles(List.of(
                new SeedRole("engineer", Duration.ofHours(12), "/engineers/", true),
                new SeedRole("open", Duration.ofHours(1), "/", false))));
        device = aws.enrolledUser("alice");
        key = aws.accessKey("alice");
        alice = aws.sts(key);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    // ------------------------------------------------------------------ GetSessionToken

    @Test
    void getSessionTokenWithAValidCodeReturnsUniqueCredentialsTiedToTheUser() {
        Credentials first = sessionToken(aws.code(device.seed()));
        aws.nextStep();
        Credentials second = sessionToken(aws.code(device.seed()));

        assertThat(first.accessKeyId()).matches("ASIA[A-Z2-7]{16}").isNotEqualTo(second.accessKeyId());
        assertThat(first.secretAccessKey()).hasSize(40);
        assertThat(first.sessionToken()).isNotBlank().isNotEqualTo(second.sessionToken());
        assertThat(first.expiration()).isEqualTo(EmulatorFixture.START.plusSeconds(30 + 43_200));
        GetCallerIdentityResponse identity = aws.sts(first).getCallerIdentity();
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/engineers/alice");
        assertThat(identity.account()).isEqualTo("123456789012");
        assertThat(identity.userId()).startsWith("AIDA");
    }

    @Test
    void getSessionTokenCodeIsSingleUse() {
        String code = aws.code(device.seed());
        sessionToken(code);

        var e = assertAwsError(() -> sessionToken(code), "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(INVALID_CODE);
    }

    @Test
    void getSessionTokenRefusesACodeOlderThanTheLastAcceptedOne() {
        String older = aws.code(device.seed(), -1);
        sessionToken(aws.code(device.seed()));

        assertAwsError(() -> sessionToken(older), "AccessDenied", 403);
    }

    @Test
    void getSessionTokenWithAWrongCodeIsAccessDeniedWithAwsMessage() {
        String wrong = aws.code(device.seed()).equals("123456") ? "654321" : "123456";

        var e = assertAwsError(() -> sessionToken(wrong), "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(INVALID_CODE).doesNotContain(wrong);
    }

    @Test
    void getSessionTokenAcceptsCodesOneStepEitherSideButNotTwo() {
        // one step past the codes used to enable the device, so the step before "now" is still unused
        aws.nextStep();
        assertAwsError(() -> sessionToken(aws.code(device.seed(), 2)), "AccessDenied", 403);
        assertAwsError(() -> sessionToken(aws.code(device.seed(), -2)), "AccessDenied", 403);
        assertThat(sessionToken(aws.code(device.seed(), -1)).accessKeyId()).startsWith("ASIA");
        assertThat(sessionToken(aws.code(device.seed(), 1)).accessKeyId()).startsWith("ASIA");
    }

    @Test
    void getSessionTokenRejectsADeviceThatIsNotTheCallers() {
        Device bobs = aws.enrolledUser("bob");

        var e = assertAwsError(() -> alice.getSessionToken(b -> b.serialNumber(bobs.serial())
                .tokenCode(aws.code(bobs.seed()))), "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).contains("unable to validate MFA code");
    }

    @Test
    void getSessionTokenDurationMustBeBetween900And129600Seconds() {
        assertAwsError(() -> alice.getSessionToken(b -> b.durationSeconds(899).serialNumber(device.serial())
                .tokenCode(aws.code(device.seed()))), "ValidationError", 400);
        assertAwsError(() -> alice.getSessionToken(b -> b.durationSeconds(129_601).serialNumber(device.serial())
                .tokenCode(aws.code(device.seed()))), "ValidationError", 400);
        Credentials longest = alice.getSessionToken(b -> b.durationSeconds(129_600).serialNumber(device.serial())
                .tokenCode(aws.code(device.seed()))).credentials();
        assertThat(longest.expiration()).isEqualTo(aws.emulator.clock().instant().plusSeconds(129_600));
    }

    @Test
    void getSessionTokenWithTemporaryCredentialsIsAccessDenied() {
        Credentials session = sessionToken(aws.code(device.seed()));
        aws.nextStep();

        var e = assertAwsError(() -> aws.sts(session).getSessionToken(b -> b.serialNumber(device.serial())
                .tokenCode(aws.code(device.seed()))), "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).contains("session credentials");
    }

    @Test
    void temporaryCredentialsExpireWithExpiredToken() {
        Credentials session = alice.getSessionToken(b -> b.durationSeconds(900).serialNumber(device.serial())
                .tokenCode(aws.code(device.seed()))).credentials();
        aws.emulator.advanceClock(Duration.ofSeconds(899));
        assertThat(aws.sts(session).getCallerIdentity().arn()).endsWith(":user/engineers/alice");

        aws.emulator.advanceClock(Duration.ofSeconds(1));

        assertAwsError(() -> aws.sts(session).getCallerIdentity(), "ExpiredToken", 400);
    }

    @Test
    void temporaryCredentialsSurviveDeletionOfTheirAccessKey() {
        Credentials session = sessionToken(aws.code(device.seed()));

        aws.iam.deleteAccessKey(b -> b.userName("alice").accessKeyId(key.accessKeyId()));

        assertAwsError(() -> alice.getCallerIdentity(), "InvalidClientTokenId", 403);
        assertThat(aws.sts(session).getCallerIdentity().arn()).endsWith(":user/engineers/alice");
    }

    // ------------------------------------------------------------------ AssumeRole

    @Test
    void assumeRoleWithMfaReturnsRoleCredentialsAssumedRoleUserAndSourceIdentity() {
        AssumeRoleResponse response = alice.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("alice-cli")
                .durationSeconds(7200).serialNumber(device.serial()).tokenCode(aws.code(device.seed()))
                .sourceIdentity("alice@example.com"));

        assertThat(response.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(response.credentials().expiration()).isEqualTo(aws.emulator.clock().instant().plusSeconds(7200));
        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/engineer/alice-cli");
        assertThat(response.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z0-9]{17}:alice-cli");
        assertThat(response.sourceIdentity()).isEqualTo("alice@example.com");
        GetCallerIdentityResponse identity = aws.sts(response.credentials()).getCallerIdentity();
        assertThat(identity.arn()).isEqualTo(response.assumedRoleUser().arn());
        assertThat(identity.userId()).isEqualTo(response.assumedRoleUser().assumedRoleId());
    }

    @Test
    void assumeRoleRequiresMfaWhenTheRoleSaysSo() {
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("no-mfa")),
                "AccessDenied", 403);
        assertThat(alice.assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("no-mfa")).credentials())
                .isNotNull();
    }

    @Test
    void assumeRoleWithAWrongCodeIsAccessDenied() {
        String wrong = aws.code(device.seed()).equals("000000") ? "111111" : "000000";

        var e = assertAwsError(() -> alice.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("s1")
                .serialNumber(device.serial()).tokenCode(wrong)), "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(INVALID_CODE);
    }

    @Test
    void assumeRoleCodeIsSingleUseAcrossStsActions() {
        String code = aws.code(device.seed());
        sessionToken(code);

        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("s1")
                .serialNumber(device.serial()).tokenCode(code)), "AccessDenied", 403);
    }

    @Test
    void assumeRoleRejectsAnMfaDeviceThatIsNotTheCallers() {
        Device bobs = aws.enrolledUser("bob");

        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("s1")
                .serialNumber(bobs.serial()).tokenCode(aws.code(bobs.seed()))), "AccessDenied", 403);
    }

    @Test
    void assumeRoleRejectsUsersOutsideTheRolesPathAndUnknownRoles() {
        aws.createUser("carol", "/contractors/");
        StsClient carol = aws.sts(aws.accessKey("carol"));

        var e = assertAwsError(() -> carol.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("s1")),
                "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::123456789012:user/contractors/"
                + "carol is not authorized to perform: sts:AssumeRole on resource: " + ENGINEER_ROLE);
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/nope")
                .roleSessionName("s1")), "AccessDenied", 403);
    }

    @Test
    void assumeRoleDurationIsBoundedByTheRolesMaximum() {
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("s1").durationSeconds(3601)),
                "ValidationError", 400);
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("s1").durationSeconds(899)),
                "ValidationError", 400);
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("s1")
                .durationSeconds(43_201).serialNumber(device.serial()).tokenCode(aws.code(device.seed()))),
                "ValidationError", 400);
        assertThat(alice.assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("s1")).credentials().expiration())
                .isEqualTo(aws.emulator.clock().instant().plusSeconds(3600));
    }

    @Test
    void assumeRoleChainingCapsDurationAtOneHour() {
        Credentials role = alice.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("first")
                .durationSeconds(43_200).serialNumber(device.serial()).tokenCode(aws.code(device.seed())))
                .credentials();
        StsClient asRole = aws.sts(role);

        var e = assertAwsError(() -> asRole.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("chained")
                .durationSeconds(3601)), "ValidationError", 400);
        assertThat(e.awsErrorDetails().errorMessage()).contains("role chaining");
        AssumeRoleResponse chained = asRole.assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("chained")
                .durationSeconds(3600));
        assertThat(chained.assumedRoleUser().arn()).endsWith(":assumed-role/engineer/chained");
    }

    @Test
    void assumeRoleWithMfaSessionCredentialsNeedsNoFurtherCode() {
        Credentials session = sessionToken(aws.code(device.seed()));

        assertThat(aws.sts(session).assumeRole(b -> b.roleArn(ENGINEER_ROLE).roleSessionName("from-session"))
                .assumedRoleUser().arn()).endsWith("/engineer/from-session");
    }

    @Test
    void assumeRoleValidatesSessionNameAndSourceIdentity() {
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("x")), "ValidationError",
                400);
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("has space")),
                "ValidationError", 400);
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("s".repeat(65))),
                "ValidationError", 400);
        assertAwsError(() -> alice.assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("ok").sourceIdentity("a b")),
                "ValidationError", 400);
    }

    @Test
    void revokeDenyPolicyBlocksSessionsIssuedBeforeItsDate() {
        Credentials old = sessionToken(aws.code(device.seed()));
        aws.emulator.advanceClock(Duration.ofMinutes(5));
        String cutoff = Xml.timestamp(aws.emulator.clock().instant());
        aws.iam.putUserPolicy(b -> b.userName("alice").policyName("revoke-older-sessions").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],\"Resource\":"
                        + "[\"*\"],\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + cutoff + "\"}}}]}"));
        aws.nextStep();
        Credentials fresh = sessionToken(aws.code(device.seed()));

        var e = assertAwsError(() -> aws.sts(old).assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("old")),
                "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).contains("explicit deny");
        assertThat(aws.sts(fresh).assumeRole(b -> b.roleArn(OPEN_ROLE).roleSessionName("fresh")).credentials())
                .isNotNull();
        // like AWS, GetCallerIdentity is never denied by policy
        assertThat(aws.sts(old).getCallerIdentity().arn()).endsWith("/alice");
    }

    // ------------------------------------------------------------------ GetCallerIdentity

    @Test
    void getCallerIdentityKnowsThePortalAndEveryUserKey() {
        assertThat(aws.sts.getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/mfa-portal/emulator");
        assertThat(alice.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/engineers/alice");
    }

    private Credentials sessionToken(String code) {
        return alice.getSessionToken(b -> b.serialNumber(device.serial()).tokenCode(code)).credentials();
    }
}
