package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.emulator.AwsErrors.assertAwsError;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import org.mfaportal.emulator.EmulatorFixture.Device;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/** IAM rules, each asserted through the real AWS SDK v2 client. */
class IamConformanceTest {

    private EmulatorFixture aws;
    private IamClient iam;

    @BeforeEach
    void start() {
        aws = new EmulatorFixture();
        iam = aws.iam;
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    // ------------------------------------------------------------------ users

    @Test
    void createUserReturnsIdAndArnUnderItsPath() {
        User user = iam.createUser(b -> b.userName("alice").path("/engineers/")).user();

        assertThat(user.arn()).isEqualTo("arn:aws:iam::123456789012:user/engineers/alice");
        assertThat(user.userId()).matches("AIDA[A-Z0-9]{17}");
        assertThat(user.path()).isEqualTo("/engineers/");
        assertThat(user.createDate()).isEqualTo(EmulatorFixture.START);
        assertThat(iam.getUser(b -> b.userName("alice")).user()).isEqualTo(user);
    }

    @Test
    void createUserTwiceIsEntityAlreadyExists() {
        aws.createUser("alice", "/");
        assertAwsError(() -> aws.createUser("ALICE", "/engineers/"), "EntityAlreadyExists", 409);
    }

    @Test
    void getUserOfUnknownUserIsNoSuchEntity() {
        var e = assertAwsError(() -> iam.getUser(b -> b.userName("nobody")), "NoSuchEntity", 404);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The user with name nobody cannot be found.");
    }

    @Test
    void listUsersFiltersByPathPrefixAndPagesWithMarkers() {
        for (int i = 0; i < 7; i++) {
            aws.createUser("eng" + i, "/engineers/");
        }
        aws.createUser("carol", "/contractors/");

        List<String> names = new ArrayList<>();
        ListUsersResponse page = iam.listUsers(b -> b.pathPrefix("/engineers/").maxItems(3));
        int pages = 1;
        page.users().forEach(u -> names.add(u.userName()));
        while (page.isTruncated()) {
            String marker = page.marker();
            page = iam.listUsers(b -> b.pathPrefix("/engineers/").maxItems(3).marker(marker));
            page.users().forEach(u -> names.add(u.userName()));
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("eng0", "eng1", "eng2", "eng3", "eng4", "eng5", "eng6");
        assertThat(iam.listUsers().users()).extracting(User::userName).contains("carol").hasSize(8);
    }

    // ------------------------------------------------------------------ creating devices

    @Test
    void createVirtualMfaDeviceReturnsSerialSeedAndQrCodeOfTheSameSecret() throws Exception {
        CreateVirtualMfaDeviceResponse response = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("alice")
                .path("/engineers/"));
        VirtualMFADevice device = response.virtualMFADevice();
        String seed = device.base32StringSeed().asUtf8String();

        assertThat(device.serialNumber()).isEqualTo("arn:aws:iam::123456789012:mfa/engineers/alice");
        assertThat(seed).matches("[A-Z2-7]{64}");
        assertThat(Base32.decode(seed)).hasSize(40);
        assertThat(decodeQr(device.qrCodePNG().asByteArray())).isEqualTo(
                "otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=" + seed
                        + "&issuer=Amazon%20Web%20Services");
    }

    @Test
    void everyDeviceGetsItsOwnRandomSeed() {
        String first = aws.createDevice("one").seed();
        String second = aws.createDevice("two").seed();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void duplicateDeviceNameUnderThePathIsEntityAlreadyExists() {
        iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("alice").path("/engineers/"));

        assertAwsError(() -> iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("alice").path("/engineers/")),
                "EntityAlreadyExists", 409);
        assertThat(iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("alice").path("/other/"))
                .virtualMFADevice().serialNumber()).endsWith(":mfa/other/alice");
    }

    @Test
    void deviceNameAndPathMustMatchAwsPatterns() {
        assertAwsError(() -> iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("has space")),
                "ValidationError", 400);
        assertAwsError(() -> iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("x".repeat(227))),
                "ValidationError", 400);
        assertAwsError(() -> iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("ok").path("engineers")),
                "ValidationError", 400);
        assertAwsError(() -> iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("ok").path("/engineers")),
                "ValidationError", 400);
        assertThat(iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("a+b=c,d.e@f-g_h")).virtualMFADevice()
                .serialNumber()).endsWith(":mfa/a+b=c,d.e@f-g_h");
    }

    @Test
    void listMfaDeviceTagsReturnsTheTagsGivenAtCreation() {
        String serial = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("tagged")
                .tags(t -> t.key("owner").value("alice"), t -> t.key("created-by").value("mfa-portal")))
                .virtualMFADevice().serialNumber();

        assertThat(iam.listMFADeviceTags(b -> b.serialNumber(serial)).tags())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("owner=alice", "created-by=mfa-portal");
        assertAwsError(() -> iam.listMFADeviceTags(b -> b.serialNumber(serial + "x")), "NoSuchEntity", 404);
    }

    // ------------------------------------------------------------------ enabling

    @Test
    void enableAcceptsTwoConsecutiveCurrentCodes() {
        aws.createUser("alice", "/engineers/");
        Device device = aws.createDevice("alice");

        enable("alice", device, aws.code(device.seed(), -1), aws.code(device.seed()));

        assertThat(iam.listMFADevices(b -> b.userName("alice")).mfaDevices()).singleElement().satisfies(d -> {
            assertThat(d.serialNumber()).isEqualTo(device.serial());
            assertThat(d.userName()).isEqualTo("alice");
            assertThat(d.enableDate()).isEqualTo(EmulatorFixture.START);
        });
    }

    @Test
    void enableAcceptsCodesThatAreOneStepLate() {
        aws.createUser("alice", "/");
        Device device = aws.createDevice("alice");

        enable("alice", device, aws.code(device.seed(), -2), aws.code(device.seed(), -1));

        assertThat(iam.listMFADevices(b -> b.userName("alice")).mfaDevices()).hasSize(1);
    }

    @Test
    void enableRejectsNonConsecutiveCodes() {
        aws.createUser("alice", "/");
        Device device = aws.createDevice("alice");

        var e = assertAwsError(() -> enable("alice", device, aws.code(device.seed(), -2), aws.code(device.seed())),
                "InvalidAuthenticationCode", 403);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Authentication code for device is not valid.");
        assertAwsError(() -> enable("alice", device, aws.code(device.seed()), aws.code(device.seed(), -1)),
                "InvalidAuthenticationCode", 403);
        assertAwsError(() -> enable("alice", device, aws.code(device.seed()), aws.code(device.seed())),
                "InvalidAuthenticationCode", 403);
    }

    @Test
    void enableRejectsCodesOutsideTheOneStepWindow() {
        aws.createUser("alice", "/");
        Device device = aws.createDevice("alice");

        assertAwsError(() -> enable("alice", device, aws.code(device.seed(), 1), aws.code(device.seed(), 2)),
                "InvalidAuthenticationCode", 403);
        assertAwsError(() -> enable("alice", device, aws.code(device.seed(), -3), aws.code(device.seed(), -2)),
                "InvalidAuthenticationCode", 403);
        assertThat(iam.listMFADevices(b -> b.userName("alice")).mfaDevices()).isEmpty();
    }

    @Test
    void enableRejectsCodesOfAnotherSeed() {
        aws.createUser("alice", "/");
        Device device = aws.createDevice("alice");
        Device other = aws.createDevice("other");

        assertAwsError(() -> enable("alice", device, aws.code(other.seed(), -1), aws.code(other.seed())),
                "InvalidAuthenticationCode", 403);
    }

    @Test
    void enableRejectsMalformedCodesWithoutEchoingThem() {
        aws.createUser("alice", "/");
        Device device = aws.createDevice("alice");

        var e = assertAwsError(() -> enable("alice", device, "12345", "1234567"), "ValidationError", 400);
        assertThat(e.awsErrorDetails().errorMessage()).doesNotContain("12345");
        assertAwsError(() -> enable("alice", device, "12345a", "123456"), "ValidationError", 400);
    }

    @Test
    void enableCodesAreSingleUse() {
        aws.createUser("alice", "/");
        Device device = aws.createDevice("alice");
        String code1 = aws.code(device.seed(), -1);
        String code2 = aws.code(device.seed());
        enable("alice", device, code1, code2);
        iam.deactivateMFADevice(b -> b.userName("alice").serialNumber(device.serial()));

        assertAwsError(() -> enable("alice", device, code1, code2), "InvalidAuthenticationCode", 403);

        aws.nextStep();
        aws.nextStep();
        enable("alice", device, aws.code(device.seed(), -1), aws.code(device.seed()));
        assertThat(iam.listMFADevices(b -> b.userName("alice")).mfaDevices()).hasSize(1);
    }

    @Test
    void enableOfAnAssignedDeviceIsEntityAlreadyExists() {
        Device device = aws.enrolledUser("alice");
        aws.createUser("bob", "/engineers/");

        assertAwsError(() -> enable("bob", device, aws.code(device.seed(), -1), aws.code(device.seed())),
                "EntityAlreadyExists", 409);
    }

    @Test
    void enableOfAnUnknownDeviceOrUserIsNoSuchEntity() {
        aws.createUser("alice", "/");
        Device device = aws.createDevice("alice");

        assertAwsError(() -> enable("alice", new Device(device.serial() + "x", device.seed()), "123456", "654321"),
                "NoSuchEntity", 404);
        assertAwsError(() -> enable("nobody", device, "123456", "654321"), "NoSuchEntity", 404);
    }

    @Test
    void aUserHasAtMostEightMfaDevices() {
        aws.createUser("alice", "/");
        for (int i = 0; i < 8; i++) {
            Device device = aws.createDevice("alice-" + i);
            enable("alice", device, aws.code(device.seed(), -1), aws.code(device.seed()));
        }
        Device ninth = aws.createDevice("alice-9");

        assertAwsError(() -> enable("alice", ninth, aws.code(ninth.seed(), -1), aws.code(ninth.seed())),
                "LimitExceeded", 409);
        assertThat(iam.listMFADevices(b -> b.userName("alice")).mfaDevices()).hasSize(8);
    }

    // ------------------------------------------------------------------ resync

    @Test
    void resyncAcceptsCodesOfADriftedDeviceAndRemembersTheDrift() {
        Device device = aws.enrolledUser("alice");
        // the phone's clock runs ten steps (5 minutes) ahead
        iam.resyncMFADevice(b -> b.userName("alice").serialNumber(device.serial())
                .authenticationCode1(aws.code(device.seed(), 9)).authenticationCode2(aws.code(device.seed(), 10)));
        aws.nextStep();
        AccessKey key = aws.accessKey("alice");

        assertAwsError(() -> aws.sts(key).getSessionToken(b -> b.serialNumber(device.serial())
                .tokenCode(aws.code(device.seed(), 0))), "AccessDenied", 403);
        assertThat(aws.sts(key).getSessionToken(b -> b.serialNumber(device.serial())
                .tokenCode(aws.code(device.seed(), 10))).credentials().accessKeyId()).startsWith("ASIA");
    }

    @Test
    void resyncRejectsWrongOrNonConsecutiveCodes() {
        Device device = aws.enrolledUser("alice");

        assertAwsError(() -> resync("alice", device, "000000", "000001"), "InvalidAuthenticationCode", 403);
        assertAwsError(() -> resync("alice", device, aws.code(device.seed(), 3), aws.code(device.seed(), 5)),
                "InvalidAuthenticationCode", 403);
    }

    @Test
    void resyncSearchesTwentyStepsAheadButNotFurther() {
        Device device = aws.enrolledUser("alice");

        assertAwsError(() -> resync("alice", device, aws.code(device.seed(), 24), aws.code(device.seed(), 25)),
                "InvalidAuthenticationCode", 403);
        resync("alice", device, aws.code(device.seed(), 19), aws.code(device.seed(), 20));
    }

    @Test
    void resyncOfADeviceNotAssignedToTheUserIsNoSuchEntity() {
        aws.createUser("alice", "/");
        Device device = aws.createDevice("alice");

        assertAwsError(() -> resync("alice", device, aws.code(device.seed(), -1), aws.code(device.seed())),
                "NoSuchEntity", 404);
    }

    // ------------------------------------------------------------------ deactivate and delete

    @Test
    void deactivateReturnsTheDeviceToUnassigned() {
        Device device = aws.enrolledUser("alice");

        iam.deactivateMFADevice(b -> b.userName("alice").serialNumber(device.serial()));

        assertThat(iam.listMFADevices(b -> b.userName("alice")).mfaDevices()).isEmpty();
        assertThat(iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED))
                .virtualMFADevices()).extracting(VirtualMFADevice::serialNumber).containsExactly(device.serial());
    }

    @Test
    void deactivateOfADeviceOfAnotherUserIsNoSuchEntity() {
        Device device = aws.enrolledUser("alice");
        aws.createUser("bob", "/engineers/");

        assertAwsError(() -> iam.deactivateMFADevice(b -> b.userName("bob").serialNumber(device.serial())),
                "NoSuchEntity", 404);
    }

    @Test
    void deleteOfAssignedDeviceConflicts() {
        Device device = aws.enrolledUser("alice");

        var e = assertAwsError(() -> iam.deleteVirtualMFADevice(b -> b.serialNumber(device.serial())),
                "DeleteConflict", 409);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("MFA Device is still in use.");
    }

    @Test
    void deleteAfterDeactivateRemovesTheDevice() {
        Device device = aws.enrolledUser("alice");
        iam.deactivateMFADevice(b -> b.userName("alice").serialNumber(device.serial()));

        iam.deleteVirtualMFADevice(b -> b.serialNumber(device.serial()));

        assertThat(iam.listVirtualMFADevices().virtualMFADevices()).isEmpty();
        assertAwsError(() -> iam.deleteVirtualMFADevice(b -> b.serialNumber(device.serial())), "NoSuchEntity",
                404);
    }

    // ------------------------------------------------------------------ listing devices

    @Test
    void listVirtualMfaDevicesFiltersByAssignmentStatusAndShowsTheUser() {
        Device assigned = aws.enrolledUser("alice");
        Device orphan = aws.createDevice("orphan");

        List<VirtualMFADevice> onlyAssigned = iam.listVirtualMFADevices(b -> b
                .assignmentStatus(AssignmentStatusType.ASSIGNED)).virtualMFADevices();
        assertThat(onlyAssigned).singleElement().satisfies(d -> {
            assertThat(d.serialNumber()).isEqualTo(assigned.serial());
            assertThat(d.user().userName()).isEqualTo("alice");
            assertThat(d.user().arn()).isEqualTo("arn:aws:iam::123456789012:user/engineers/alice");
            assertThat(d.user().path()).isEqualTo("/engineers/");
            assertThat(d.user().userId()).startsWith("AIDA");
            assertThat(d.user().createDate()).isNotNull();
            assertThat(d.enableDate()).isEqualTo(EmulatorFixture.START);
        });
        assertThat(iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED))
                .virtualMFADevices()).singleElement().satisfies(d -> {
                    assertThat(d.serialNumber()).isEqualTo(orphan.serial());
                    assertThat(d.user()).isNull();
                    assertThat(d.enableDate()).isNull();
                });
        assertThat(iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.ANY))
                .virtualMFADevices()).hasSize(2);
    }

    @Test
    void listVirtualMfaDevicesNeverReturnsSeedsOrQrCodes() {
        aws.enrolledUser("alice");
        aws.createDevice("orphan");

        assertThat(iam.listVirtualMFADevices().virtualMFADevices()).hasSize(2).allSatisfy(d -> {
            assertThat(d.base32StringSeed()).isNull();
            assertThat(d.qrCodePNG()).isNull();
        });
    }

    @Test
    void listVirtualMfaDevicesPagesWithMarkers() {
        for (int i = 0; i < 25; i++) {
            aws.createDevice(String.format("device-%02d", i));
        }
        List<String> serials = new ArrayList<>();
        ListVirtualMfaDevicesResponse page = iam.listVirtualMFADevices(b -> b.maxItems(10));
        int pages = 1;
        page.virtualMFADevices().forEach(d -> serials.add(d.serialNumber()));
        while (page.isTruncated()) {
            assertThat(page.marker()).isNotBlank();
            String marker = page.marker();
            page = iam.listVirtualMFADevices(b -> b.maxItems(10).marker(marker));
            page.virtualMFADevices().forEach(d -> serials.add(d.serialNumber()));
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(page.marker()).isNull();
        assertThat(serials).hasSize(25).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void listVirtualMfaDevicesAcceptsAtMostOneThousandItemsPerPage() {
        assertAwsError(() -> iam.listVirtualMFADevices(b -> b.maxItems(1001)), "ValidationError", 400);
        assertAwsError(() -> iam.listVirtualMFADevices(b -> b.maxItems(0)), "ValidationError", 400);
        assertThat(iam.listVirtualMFADevices(b -> b.maxItems(1000)).isTruncated()).isFalse();
    }

    // ------------------------------------------------------------------ access keys

    @Test
    void createAccessKeyReturnsAnAkiaKeyAndAUserHasAtMostTwo() {
        aws.createUser("alice", "/");
        AccessKey first = aws.accessKey("alice");
        AccessKey second = aws.accessKey("alice");

        assertThat(first.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(first.secretAccessKey()).hasSize(40);
        assertThat(first.userName()).isEqualTo("alice");
        assertThat(first.statusAsString()).isEqualTo("Active");
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        var e = assertAwsError(() -> aws.accessKey("alice"), "LimitExceeded", 409);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(iam.listAccessKeys(b -> b.userName("alice")).accessKeyMetadata())
                .extracting(m -> m.accessKeyId()).containsExactly(first.accessKeyId(), second.accessKeyId());
    }

    @Test
    void deleteAccessKeyFreesItsSlotAndUnknownKeysAreNoSuchEntity() {
        aws.createUser("alice", "/");
        AccessKey first = aws.accessKey("alice");
        aws.accessKey("alice");

        iam.deleteAccessKey(b -> b.userName("alice").accessKeyId(first.accessKeyId()));

        assertThat(iam.listAccessKeys(b -> b.userName("alice")).accessKeyMetadata()).hasSize(1);
        aws.accessKey("alice");
        assertAwsError(() -> iam.deleteAccessKey(b -> b.userName("alice").accessKeyId(first.accessKeyId())),
                "NoSuchEntity", 404);
    }

    // ------------------------------------------------------------------ inline policies

    @Test
    void userPoliciesAreStoredListedReturnedUrlEncodedAndDeleted() {
        aws.createUser("alice", "/");
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\","
                + "\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":"
                + "\"2026-01-01T00:00:00Z\"}}}}";
        iam.putUserPolicy(b -> b.userName("alice").policyName("revoke-sessions").policyDocument(document));

        assertThat(iam.listUserPolicies(b -> b.userName("alice")).policyNames()).containsExactly("revoke-sessions");
        String returned = iam.getUserPolicy(b -> b.userName("alice").policyName("revoke-sessions"))
                .policyDocument();
        assertThat(returned).startsWith("%7B%22Version%22");
        assertThat(URLDecoder.decode(returned, StandardCharsets.UTF_8)).isEqualTo(document);

        iam.deleteUserPolicy(b -> b.userName("alice").policyName("revoke-sessions"));
        assertThat(iam.listUserPolicies(b -> b.userName("alice")).policyNames()).isEmpty();
        assertAwsError(() -> iam.deleteUserPolicy(b -> b.userName("alice").policyName("revoke-sessions")),
                "NoSuchEntity", 404);
    }

    @Test
    void malformedPolicyDocumentIsRejected() {
        aws.createUser("alice", "/");
        assertAwsError(() -> iam.putUserPolicy(b -> b.userName("alice").policyName("p").policyDocument("{not json")),
                "MalformedPolicyDocument", 400);
    }

    @Test
    void iamCallsSignedWithAUsersOwnKeyAreAccessDenied() {
        aws.createUser("alice", "/");
        AccessKey key = aws.accessKey("alice");
        IamClient asAlice = aws.iam(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));

        assertAwsError(() -> asAlice.listVirtualMFADevices(), "AccessDenied", 403);
    }

    // ------------------------------------------------------------------ helpers

    private void enable(String user, Device device, String code1, String code2) {
        iam.enableMFADevice(b -> b.userName(user).serialNumber(device.serial()).authenticationCode1(code1)
                .authenticationCode2(code2));
    }

    private void resync(String user, Device device, String code1, String code2) {
        iam.resyncMFADevice(b -> b.userName(user).serialNumber(device.serial()).authenticationCode1(code1)
                .authenticationCode2(code2));
    }

    private static String decodeQr(byte[] png) throws IOException, NotFoundException, com.google.zxing.ChecksumException,
            com.google.zxing.FormatException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("QRCodePNG is a PNG").isNotNull();
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
    }
}
