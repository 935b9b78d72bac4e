package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.emulator.AwsErrors.assertAwsError;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.mfaportal.emulator.EmulatorFixture.Device;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.model.Credentials;

/** SigV4 verification, key propagation and the exact wire format of answers. */
class AuthConformanceTest {

    private EmulatorFixture aws;
    private RawAwsClient raw;

    @BeforeEach
    void start() {
        aws = new EmulatorFixture();
        raw = new RawAwsClient(aws.endpoint);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void unknownAccessKeyIsInvalidClientTokenId() {
        var e = assertAwsError(() -> aws.sts(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "secret"))
                .getCallerIdentity(), "InvalidClientTokenId", 403);
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatch() {
        assertAwsError(() -> aws.sts(AwsBasicCredentials.create(aws.emulator.portalAccessKeyId(), "wrong-secret"))
                .getCallerIdentity(), "SignatureDoesNotMatch", 403);
        assertAwsError(() -> aws.iam(AwsBasicCredentials.create(aws.emulator.portalAccessKeyId(), "wrong-secret"))
                .listUsers(), "SignatureDoesNotMatch", 403);
    }

    @Test
    void bodyChangedAfterSigningIsSignatureDoesNotMatch() {
        String signed = "Action=CreateUser&Version=2010-05-08&UserName=alice";
        RawAwsClient.Reply reply = raw.postTampered("iam", aws.emulator.portalAccessKeyId(),
                aws.emulator.portalSecretAccessKey(), signed, signed.replace("alice", "mallory"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertAwsError(() -> aws.iam.getUser(b -> b.userName("mallory")), "NoSuchEntity", 404);
    }

    @Test
    void unsignedRequestIsMissingAuthenticationToken() {
        RawAwsClient.Reply reply = raw.postUnsigned("Action=GetCallerIdentity&Version=2011-06-15");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("<Code>MissingAuthenticationToken</Code>")
                .contains("xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"");
    }

    @Test
    void newAccessKeyIsRejectedUntilPropagationDelayPasses() {
        aws.emulator.setPropagationDelay(Duration.ofSeconds(8));
        aws.createUser("alice", "/");
        AccessKey key = aws.accessKey("alice");

        assertAwsError(() -> aws.sts(key).getCallerIdentity(), "InvalidClientTokenId", 403);
        aws.emulator.advanceClock(Duration.ofSeconds(7));
        assertAwsError(() -> aws.sts(key).getCallerIdentity(), "InvalidClientTokenId", 403);
        aws.emulator.advanceClock(Duration.ofSeconds(1));

        assertThat(aws.sts(key).getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
    }

    @Test
    void deletedAccessKeyIsInvalidClientTokenId() {
        aws.createUser("alice", "/");
        AccessKey key = aws.accessKey("alice");
        aws.sts(key).getCallerIdentity();

        aws.iam.deleteAccessKey(b -> b.userName("alice").accessKeyId(key.accessKeyId()));

        assertAwsError(() -> aws.sts(key).getCallerIdentity(), "InvalidClientTokenId", 403);
    }

    @Test
    void sessionCredentialsWithAForeignTokenAreInvalidClientTokenId() {
        Device device = aws.enrolledUser("alice");
        Credentials session = aws.sts(aws.accessKey("alice")).getSessionToken(b -> b.serialNumber(device.serial())
                .tokenCode(aws.code(device.seed()))).credentials();

        assertAwsError(() -> aws.sts(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(),
                session.sessionToken() + "x")).getCallerIdentity(), "InvalidClientTokenId", 403);
        assertAwsError(() -> aws.sts(AwsSessionCredentials.create(session.accessKeyId(), "wrong",
                session.sessionToken())).getCallerIdentity(), "SignatureDoesNotMatch", 403);
    }

    @Test
    void successAnswersAreShapedLikeAws() {
        RawAwsClient.Reply reply = raw.post("sts", aws.emulator.portalAccessKeyId(),
                aws.emulator.portalSecretAccessKey(), "Action=GetCallerIdentity&Version=2011-06-15");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).matches("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                + "2011-06-15/\"><GetCallerIdentityResult><UserId>AROA[A-Z0-9]+:emulator</UserId><Account>"
                + "123456789012</Account><Arn>arn:aws:sts::123456789012:assumed-role/mfa-portal/emulator</Arn>"
                + "</GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId>"
                + "</ResponseMetadata></GetCallerIdentityResponse>");
    }

    @Test
    void actionsWithoutOutputHaveNoResultElement() {
        RawAwsClient.Reply reply = raw.post("iam", aws.emulator.portalAccessKeyId(),
                aws.emulator.portalSecretAccessKey(), "Action=CreateVirtualMFADevice&Version=2010-05-08"
                        + "&VirtualMFADeviceName=d1");
        String serial = reply.body().replaceAll(".*<SerialNumber>([^<]+)</SerialNumber>.*", "$1");

        RawAwsClient.Reply deleted = raw.post("iam", aws.emulator.portalAccessKeyId(),
                aws.emulator.portalSecretAccessKey(), "Action=DeleteVirtualMFADevice&Version=2010-05-08"
                        + "&SerialNumber=" + serial.replace(":", "%3A").replace("/", "%2F"));

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).matches("<DeleteVirtualMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/"
                + "2010-05-08/\"><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata>"
                + "</DeleteVirtualMFADeviceResponse>");
    }

    @Test
    void errorAnswersAreShapedLikeAws() {
        RawAwsClient.Reply reply = raw.post("iam", aws.emulator.portalAccessKeyId(),
                aws.emulator.portalSecretAccessKey(), "Action=GetUser&Version=2010-05-08&UserName=ghost");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).matches("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name ghost cannot be "
                + "found.</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>");
    }

    @Test
    void unknownActionIsInvalidAction() {
        RawAwsClient.Reply reply = raw.post("iam", aws.emulator.portalAccessKeyId(),
                aws.emulator.portalSecretAccessKey(), "Action=DeleteAccountAlias&Version=2010-05-08");
        RawAwsClient.Reply wrongService = raw.post("sts", aws.emulator.portalAccessKeyId(),
                aws.emulator.portalSecretAccessKey(), "Action=ListUsers&Version=2011-06-15");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>InvalidAction</Code>");
        assertThat(wrongService.status()).isEqualTo(400);
        assertThat(wrongService.body()).contains("<Code>InvalidAction</Code>");
    }
}
