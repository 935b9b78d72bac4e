package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfaportal.emulator.AwsErrors.assertAwsError;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.EmulatorSettings.SeedDevice;
import org.mfaportal.emulator.EmulatorSettings.SeedUser;

import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Hardware TOTP tokens and FIDO security keys next to virtual devices, as AWS has them: all three listed by
 * ListMFADevices, only virtual ones by ListVirtualMFADevices; a hardware token gives codes like an app, a security
 * key gives none (STS refuses its serial).
 */
class DeviceKindsConformanceTest {

    private static final String TOKEN_SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String TOKEN = "GAHT00000001";
    private static final String KEY = "arn:aws:iam::123456789012:u2f/user/alice/yubikey";

    private EmulatorFixture aws;

    @BeforeEach
    void start() {
        aws = new EmulatorFixture(EmulatorSettings.defaults()
                .withSeedUsers(List.of(new SeedUser("/engineers/", "alice"), new SeedUser("/engineers/", "bob")))
                .withSeedDevices(SeedDevice.parseAll("alice:hardware:" + TOKEN + ":" + TOKEN_SEED
                        + ",alice:security-key:yubikey")));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void listMfaDevicesShowsEveryKindButListVirtualMfaDevicesOnlyVirtualOnes() {
        EmulatorFixture.Device app = aws.createDevice("alice-app");
        aws.iam.enableMFADevice(b -> b.userName("alice").serialNumber(app.serial())
                .authenticationCode1(aws.code(app.seed(), -1)).authenticationCode2(aws.code(app.seed())));

        List<String> serials = aws.iam.listMFADevices(b -> b.userName("alice")).mfaDevices().stream()
                .map(MFADevice::serialNumber).toList();
        assertThat(serials).containsExactlyInAnyOrder(app.serial(), TOKEN, KEY);
        assertThat(aws.iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.ANY))
                .virtualMFADevices()).extracting(d -> d.serialNumber()).containsExactly(app.serial());
    }

    @Test
    void aHardwareTokenGivesSessionsWithItsCodesAndCanBeResynced() {
        StsClient alice = aws.sts(aws.accessKey("alice"));
        assertThat(alice.getSessionToken(b -> b.serialNumber(TOKEN).tokenCode(aws.code(TOKEN_SEED)))
                .credentials().accessKeyId()).startsWith("ASIA");

        aws.nextStep();
        aws.nextStep();
        aws.iam.resyncMFADevice(b -> b.userName("alice").serialNumber(TOKEN)
                .authenticationCode1(aws.code(TOKEN_SEED, -1)).authenticationCode2(aws.code(TOKEN_SEED)));
    }

    @Test
    void getSessionTokenWithASecurityKeyIsAccessDeniedAsOnAws() {
        StsClient alice = aws.sts(aws.accessKey("alice"));

        var e = assertAwsError(() -> alice.getSessionToken(b -> b.serialNumber(KEY).tokenCode("123456")),
                "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).contains("unable to validate MFA code");
        assertAwsError(() -> aws.iam.resyncMFADevice(b -> b.userName("alice").serialNumber(KEY)
                .authenticationCode1("123456").authenticationCode2("654321")), "ValidationError", 400);
    }

    @Test
    void deactivatingATokenKeepsItInTheAccountWhileDeactivatingAKeyDeletesIt() {
        aws.iam.deactivateMFADevice(b -> b.userName("alice").serialNumber(TOKEN));
        aws.iam.deactivateMFADevice(b -> b.userName("alice").serialNumber(KEY));
        assertThat(aws.iam.listMFADevices(b -> b.userName("alice")).mfaDevices()).isEmpty();
        // not virtual devices: nothing to delete, nothing listed as unassigned
        assertAwsError(() -> aws.iam.deleteVirtualMFADevice(b -> b.serialNumber(TOKEN)), "NoSuchEntity", 404);
        assertThat(aws.iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED))
                .virtualMFADevices()).isEmpty();

        // the token can be enabled again, for another user too, with two consecutive codes
        aws.nextStep();
        aws.iam.enableMFADevice(b -> b.userName("bob").serialNumber(TOKEN)
                .authenticationCode1(aws.code(TOKEN_SEED, -1)).authenticationCode2(aws.code(TOKEN_SEED)));
        assertThat(aws.iam.listMFADevices(b -> b.userName("bob")).mfaDevices()).extracting(MFADevice::serialNumber)
                .containsExactly(TOKEN);
        assertThat(aws.emulator.summary()).containsEntry("hardwareTokens", 1L).containsEntry("securityKeys", 0L);
    }

    @Test
    void seedDevicesAreParsedAndCheckedAndComeBackAfterReset() {
        assertThat(SeedDevice.parseAll(" alice:hardware:GAHT12345678:" + TOKEN_SEED + " , bob:security-key:key-1 "))
                .containsExactly(new SeedDevice("alice", SeedDevice.Kind.HARDWARE, "GAHT12345678", TOKEN_SEED),
                        new SeedDevice("bob", SeedDevice.Kind.SECURITY_KEY, "key-1", null));
        assertThatThrownBy(() -> SeedDevice.parseAll("alice:hardware:GAHT12345678"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeedDevice.parseAll("alice:hardware:arn:aws:x:" + TOKEN_SEED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeedDevice.parseAll("alice:security-key:a/b"))
                .isInstanceOf(IllegalArgumentException.class);

        aws.iam.deactivateMFADevice(b -> b.userName("alice").serialNumber(KEY));
        aws.emulator.reset();
        assertThat(aws.iam.listMFADevices(b -> b.userName("alice")).mfaDevices()).hasSize(2);
        assertThat(aws.emulator.seedOf(TOKEN)).contains(TOKEN_SEED);
        assertThat(aws.emulator.seedOf(KEY)).isEmpty();
    }
}
