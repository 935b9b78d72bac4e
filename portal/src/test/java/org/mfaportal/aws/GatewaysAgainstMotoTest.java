package org.mfaportal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.iam.IamClient;

/**
 * {@link IamGateway} and {@link StsGateway} against {@code moto_server}, a third-party IAM/STS emulator started
 * for this class (it must be on the PATH; the test fails, it does not skip, when it is missing). Setup goes
 * through the raw SDK client, the behaviour under test through the gateways.
 * <p>
 * What moto 5.x does not model, and why the project also has its own emulator:
 * <ul>
 * <li>no TOTP validation: {@code EnableMFADevice}, {@code GetSessionToken} and {@code AssumeRole} accept any code,
 * so {@code InvalidAuthenticationCode} and the consecutive-code and single-use rules cannot be tested here;</li>
 * <li>no {@code ResyncMFADevice};</li>
 * <li>{@code GetSessionToken} returns fake credentials that moto does not tie back to the user;</li>
 * <li>{@code DeleteVirtualMFADevice} deletes an assigned device instead of answering {@code DeleteConflict};</li>
 * <li>{@code ListUsers} ignores {@code MaxItems}/{@code Marker} and returns every user in one page, so paging of
 * list calls is proven here with {@code ListVirtualMFADevices} (which moto pages) and, for {@code ListUsers},
 * against a scripted HTTP stub in {@link SendOnceAndRetryTest};</li>
 * <li>no limit of two access keys per user, no key propagation delay, no throttling.</li>
 * </ul>
 */
class GatewaysAgainstMotoTest {

    private static final String ACCOUNT = "123456789012";

    private static MotoServer moto;
    private static AwsClients clients;
    private static IamClient raw;
    private static IamGateway iam;
    private static StsGateway sts;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        clients = new AwsClients("eu-west-1", moto.endpoint(), "testing", "testing", 3, Duration.ofSeconds(20),
                Duration.ofSeconds(10));
        raw = clients.iam();
        iam = new IamGateway(clients);
        sts = new StsGateway(clients);
    }

    @AfterAll
    static void stopMoto() {
        if (clients != null) {
            clients.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void resetMoto() {
        moto.reset();
    }

    private static void createUser(String path, String name) {
        raw.createUser(r -> r.path(path).userName(name));
    }

    @Test
    void getUserReturnsTheUser() {
        createUser("/engineers/", "alice");

        IamUser alice = iam.getUser("alice");

        assertThat(alice.userName()).isEqualTo("alice");
        assertThat(alice.path()).isEqualTo("/engineers/");
        assertThat(alice.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/engineers/alice");
        assertThat(alice.accountId()).isEqualTo(ACCOUNT);
        assertThat(alice.userId()).isNotBlank();
        assertThat(alice.createDate()).isNotNull();
    }

    @Test
    void getUserOfAMissingUserThrowsEntityNotFound() {
        assertThatThrownBy(() -> iam.getUser("nobody"))
                .isInstanceOf(AwsEntityNotFound.class)
                .satisfies(e -> assertThat(((AwsException) e).awsErrorCode()).isEqualTo("NoSuchEntity"));
    }

    @Test
    void listUsersFiltersByPathAndReturnsMoreThanOnePagesWorth() {
        for (int i = 0; i < 105; i++) {
            createUser("/engineers/", "engineer-%03d".formatted(i));
        }
        createUser("/admins/", "root-of-all-evil");
        createUser("/", "plain");

        List<IamUser> engineers = iam.listUsers("/engineers/");

        assertThat(engineers).hasSize(105).allSatisfy(u -> assertThat(u.path()).isEqualTo("/engineers/"));
        assertThat(engineers).extracting(IamUser::userName).doesNotHaveDuplicates();
        assertThat(iam.listUsers("/")).hasSize(107);
    }

    @Test
    void createVirtualMfaDeviceReturnsSerialAndSeed() {
        NewVirtualMfaDevice device = iam.createVirtualMfaDevice("/engineers/", "alice", Map.of("portal", "mfa-portal"));

        assertThat(device.serialNumber()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":mfa/engineers/alice");
        assertThat(device.base32Seed()).isNotBlank().matches("[A-Z2-7]+=*");
        assertThat(device.toString()).doesNotContain(device.base32Seed());
    }

    @Test
    void createVirtualMfaDeviceWithoutTagsOrPath() {
        NewVirtualMfaDevice device = iam.createVirtualMfaDevice(null, "bob", null);

        assertThat(device.serialNumber()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":mfa/bob");
    }

    @Test
    void duplicateDeviceNameUnderThePathThrowsEntityAlreadyExists() {
        iam.createVirtualMfaDevice("/engineers/", "alice", Map.of());

        assertThatThrownBy(() -> iam.createVirtualMfaDevice("/engineers/", "alice", Map.of()))
                .isInstanceOf(AwsEntityAlreadyExists.class);
    }

    @Test
    void invalidPathThrowsInvalidInputWithoutEchoingIt() {
        assertThatThrownBy(() -> iam.createVirtualMfaDevice("/a//b/", "alice", Map.of()))
                .isInstanceOf(AwsInvalidInput.class)
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(AwsErrorTranslator.WithheldAwsError.class));
    }

    @Test
    void enableThenListThenDeactivateThenDeleteADevice() {
        createUser("/engineers/", "alice");
        NewVirtualMfaDevice device = iam.createVirtualMfaDevice("/engineers/", "alice", Map.of());

        iam.enableMfaDevice("alice", device.serialNumber(), "123456", "654321");

        assertThat(iam.listMfaDevices("alice")).singleElement().satisfies(d -> {
            assertThat(d.serialNumber()).isEqualTo(device.serialNumber());
            assertThat(d.userName()).isEqualTo("alice");
            assertThat(d.enableDate()).isNotNull();
        });
        assertThat(iam.listAllVirtualMfaDevices(AssignmentStatus.ASSIGNED)).singleElement().satisfies(d -> {
            assertThat(d.assigned()).isTrue();
            assertThat(d.userName()).isEqualTo("alice");
            assertThat(d.enableDate()).isNotNull();
        });
        assertThat(iam.listAllVirtualMfaDevices(AssignmentStatus.UNASSIGNED)).isEmpty();

        iam.deactivateMfaDevice("alice", device.serialNumber());

        assertThat(iam.listMfaDevices("alice")).isEmpty();
        assertThat(iam.listAllVirtualMfaDevices(AssignmentStatus.UNASSIGNED)).singleElement()
                .satisfies(d -> assertThat(d.assigned()).isFalse());

        iam.deleteVirtualMfaDevice(device.serialNumber());

        assertThat(iam.listAllVirtualMfaDevices(AssignmentStatus.ANY)).isEmpty();
        assertThatThrownBy(() -> iam.deleteVirtualMfaDevice(device.serialNumber()))
                .isInstanceOf(AwsEntityNotFound.class);
    }

    @Test
    void listMfaDevicesOfAMissingUserThrowsEntityNotFound() {
        assertThatThrownBy(() -> iam.listMfaDevices("nobody")).isInstanceOf(AwsEntityNotFound.class);
    }

    @Test
    void listVirtualMfaDevicesPagesByStatus() {
        List<String> assigned = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = "user-" + i;
            createUser("/engineers/", name);
            NewVirtualMfaDevice device = iam.createVirtualMfaDevice("/engineers/", name, Map.of());
            if (i % 3 == 0) {
                iam.enableMfaDevice(name, device.serialNumber(), "111111", "222222");
                assigned.add(device.serialNumber());
            }
        }

        List<VirtualMfaDevice> unassignedPaged = collectPages(AssignmentStatus.UNASSIGNED, 2);
        List<VirtualMfaDevice> assignedPaged = collectPages(AssignmentStatus.ASSIGNED, 2);

        assertThat(assignedPaged).extracting(VirtualMfaDevice::serialNumber)
                .containsExactlyInAnyOrderElementsOf(assigned);
        assertThat(unassignedPaged).hasSize(4).noneMatch(VirtualMfaDevice::assigned);
        assertThat(iam.listAllVirtualMfaDevices(AssignmentStatus.ANY)).hasSize(7);
        assertThat(iam.listVirtualMfaDevices(AssignmentStatus.ANY, null, 5).nextMarker()).isNotNull();
    }

    private static List<VirtualMfaDevice> collectPages(AssignmentStatus status, int pageSize) {
        List<VirtualMfaDevice> all = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            VirtualMfaDevicePage page = iam.listVirtualMfaDevices(status, marker, pageSize);
            assertThat(page.devices()).hasSizeLessThanOrEqualTo(pageSize);
            all.addAll(page.devices());
            marker = page.nextMarker();
            pages++;
        } while (marker != null && pages < 100);
        assertThat(pages).as("pages for " + status).isGreaterThan(1);
        return all;
    }

    @Test
    void listVirtualMfaDevicesRejectsAPageSizeIamWouldReject() {
        assertThatThrownBy(() -> iam.listVirtualMfaDevices(AssignmentStatus.ANY, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> iam.listVirtualMfaDevices(AssignmentStatus.ANY, null, 1001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createListAndDeleteAccessKeys() {
        createUser("/engineers/", "alice");

        AccessKey key = iam.createAccessKey("alice");

        assertThat(key.userName()).isEqualTo("alice");
        assertThat(key.accessKeyId()).startsWith("AKIA");
        assertThat(key.secretAccessKey()).isNotBlank();
        assertThat(key.toString()).doesNotContain(key.secretAccessKey());
        assertThat(iam.listAccessKeys("alice")).singleElement().satisfies(k -> {
            assertThat(k.accessKeyId()).isEqualTo(key.accessKeyId());
            assertThat(k.userName()).isEqualTo("alice");
            assertThat(k.status()).isEqualTo("Active");
            assertThat(k.createDate()).isNotNull();
        });

        iam.deleteAccessKey("alice", key.accessKeyId());

        assertThat(iam.listAccessKeys("alice")).isEmpty();
        assertThatThrownBy(() -> iam.deleteAccessKey("alice", key.accessKeyId()))
                .isInstanceOf(AwsEntityNotFound.class);
    }

    @Test
    void putAndDeleteAnInlineUserPolicy() {
        createUser("/engineers/", "alice");
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*",
                "Condition":{"DateLessThan":{"aws:TokenIssueTime":"2030-01-01T00:00:00Z"}}}]}""";

        iam.putUserPolicy("alice", "revoke-older-sessions", policy);

        assertThat(raw.listUserPolicies(r -> r.userName("alice")).policyNames())
                .containsExactly("revoke-older-sessions");

        iam.deleteUserPolicy("alice", "revoke-older-sessions");

        assertThat(raw.listUserPolicies(r -> r.userName("alice")).policyNames()).isEmpty();
        assertThatThrownBy(() -> iam.deleteUserPolicy("alice", "revoke-older-sessions"))
                .isInstanceOf(AwsEntityNotFound.class);
    }

    @Test
    void getSessionTokenWithTheUsersKeyReturnsSessionCredentials() {
        createUser("/engineers/", "alice");
        NewVirtualMfaDevice device = iam.createVirtualMfaDevice("/engineers/", "alice", Map.of());
        iam.enableMfaDevice("alice", device.serialNumber(), "123456", "654321");
        AccessKey key = iam.createAccessKey("alice");

        TemporaryCredentials credentials = sts.getSessionToken(key, 3600, device.serialNumber(), "111111");

        assertThat(credentials.accessKeyId()).isNotBlank().isNotEqualTo(key.accessKeyId());
        assertThat(credentials.secretAccessKey()).isNotBlank();
        assertThat(credentials.sessionToken()).isNotBlank();
        assertThat(credentials.expiration()).isAfter(Instant.now());
        assertThat(credentials.assumedRoleArn()).isNull();
        assertThat(credentials.toString()).doesNotContain(credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    @Test
    void getCallerIdentityWithTheUsersKeyNamesTheUser() {
        createUser("/engineers/", "alice");
        AccessKey key = iam.createAccessKey("alice");

        CallerIdentity identity = sts.getCallerIdentity(key);

        assertThat(identity.account()).isEqualTo(ACCOUNT);
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/engineers/alice");
    }

    @Test
    void getCallerIdentityWithSessionCredentialsAnswers() {
        createUser("/engineers/", "alice");
        AccessKey key = iam.createAccessKey("alice");
        TemporaryCredentials credentials = sts.getSessionToken(key, 900, null, null);

        CallerIdentity identity = sts.getCallerIdentity(credentials);

        // moto does not tie its fake session credentials back to the user: only the account is meaningful.
        assertThat(identity.account()).isEqualTo(ACCOUNT);
        assertThat(identity.arn()).isNotBlank();
    }

    @Test
    void assumeRoleReturnsRoleCredentials() {
        createUser("/engineers/", "alice");
        AccessKey key = iam.createAccessKey("alice");
        String roleArn = clients.iam().createRole(r -> r.roleName("deployer").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
                "Principal":{"AWS":"arn:aws:iam::123456789012:root"}}]}""")).role().arn();

        TemporaryCredentials credentials = sts.assumeRole(key, roleArn, "alice-portal", 3600,
                "arn:aws:iam::" + ACCOUNT + ":mfa/engineers/alice", "123456", "alice");

        assertThat(credentials.accessKeyId()).isNotBlank();
        assertThat(credentials.sessionToken()).isNotBlank();
        assertThat(credentials.assumedRoleArn()).contains("deployer/alice-portal");
        assertThat(credentials.sourceIdentity()).isEqualTo("alice");
    }

    @Test
    void portalIdentityAnswersForThePortalsOwnKey() {
        assertThat(sts.portalIdentity().account()).isEqualTo(ACCOUNT);
        assertThat(sts.portalIdentity(Duration.ofSeconds(2)).account()).isEqualTo(ACCOUNT);
    }

    @Test
    void readinessIsUpWhenStsAnswers() {
        var response = new AwsReadinessCheck(sts).call();

        assertThat(response.getStatus()).isEqualTo(org.eclipse.microprofile.health.HealthCheckResponse.Status.UP);
        assertThat(response.getData()).isEmpty();
    }
}
