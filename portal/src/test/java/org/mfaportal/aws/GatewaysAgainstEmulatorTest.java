package org.mfaportal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.AwsEmulator;
import org.mfaportal.emulator.EmulatorServer;
import org.mfaportal.emulator.EmulatorSettings;
import org.mfaportal.emulator.Faults;
import org.mfaportal.emulator.Totp;

/**
 * The gateways against the built-in emulator, over HTTP with the real SDK: every call the portal makes, and
 * every AWS rule moto does not enforce (TOTP codes, single use, resync, delete conflicts, key limits and
 * propagation, throttling), arriving as the portal's own exceptions.
 */
class GatewaysAgainstEmulatorTest {

    static AwsEmulator aws;
    static EmulatorServer server;
    static AwsClients clients;
    static IamGateway iam;
    static StsGateway sts;

    @BeforeAll
    static void start() {
        aws = new AwsEmulator(EmulatorSettings.defaults()
                .withSeedUsers(EmulatorSettings.SeedUser.parseAll("/engineers/:ana,ben,cai;/contractors/:dee")),
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        server = new EmulatorServer(aws);
        URI endpoint = server.start("127.0.0.1", 0);
        clients = new AwsClients("us-east-1", endpoint, EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID,
                EmulatorSettings.DEFAULT_PORTAL_SECRET, 3, Duration.ofSeconds(10), Duration.ofSeconds(5));
        iam = new IamGateway(clients);
        sts = new StsGateway(clients);
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.stop();
    }

    @AfterEach
    void clean() {
        aws.clearFaults();
        aws.setPropagationDelay(Duration.ZERO);
        for (String user : List.of("ana", "ben", "cai")) {
            iam.listMfaDevices(user).forEach(d -> iam.deactivateMfaDevice(user, d.serialNumber()));
            iam.listAccessKeys(user).forEach(k -> iam.deleteAccessKey(user, k.accessKeyId()));
        }
        iam.listAllVirtualMfaDevices(AssignmentStatus.UNASSIGNED).forEach(d -> iam.deleteVirtualMfaDevice(d.serialNumber()));
        aws.advanceClock(Duration.ofSeconds(90));
    }

    @Test
    void usersAreFoundAndListedByPath() {
        assertThat(iam.getUser("ana").path()).isEqualTo("/engineers/");
        assertThat(iam.getUser("ana").accountId()).isEqualTo("123456789012");
        assertThat(iam.listUsers("/engineers/")).extracting(IamUser::userName).containsExactly("ana", "ben", "cai");
        assertThatThrownBy(() -> iam.getUser("nobody")).isInstanceOf(AwsEntityNotFound.class);
    }

    @Test
    void aDeviceIsCreatedEnabledListedDeactivatedAndDeleted() {
        NewVirtualMfaDevice device = iam.createVirtualMfaDevice("/engineers/ana/", "ana", Map.of("k", "v"));
        assertThat(device.serialNumber()).isEqualTo("arn:aws:iam::123456789012:mfa/engineers/ana/ana");
        assertThat(device.toString()).doesNotContain(device.base32Seed());
        assertThatThrownBy(() -> iam.createVirtualMfaDevice("/engineers/ana/", "ana", Map.of()))
                .isInstanceOf(AwsEntityAlreadyExists.class);

        enable("ana", device);
        assertThat(iam.listMfaDevices("ana")).extracting(MfaDevice::serialNumber).containsExactly(device.serialNumber());
        assertThat(iam.listAllVirtualMfaDevices(AssignmentStatus.ASSIGNED)).extracting(VirtualMfaDevice::userName)
                .containsExactly("ana");
        assertThatThrownBy(() -> iam.deleteVirtualMfaDevice(device.serialNumber())).isInstanceOf(AwsDeleteConflict.class);

        iam.deactivateMfaDevice("ana", device.serialNumber());
        iam.deleteVirtualMfaDevice(device.serialNumber());
        assertThat(iam.listAllVirtualMfaDevices(AssignmentStatus.ANY)).isEmpty();
    }

    @Test
    void wrongAndReplayedCodesAreInvalidMfaCodes() {
        NewVirtualMfaDevice device = iam.createVirtualMfaDevice("/engineers/ben/", "ben", Map.of());
        Instant now = aws.clock().instant();
        assertThatThrownBy(() -> iam.enableMfaDevice("ben", device.serialNumber(),
                Totp.code(device.base32Seed(), now.minusSeconds(60)), Totp.code(device.base32Seed(), now)))
                .isInstanceOf(InvalidMfaCode.class);
        enable("ben", device);
        AccessKey key = iam.createAccessKey("ben");
        String used = Totp.code(device.base32Seed(), aws.clock().instant());
        assertThatThrownBy(() -> sts.getSessionToken(key, 900, device.serialNumber(), used))
                .as("the second code of the activation was used up").isInstanceOf(InvalidMfaCode.class);
        aws.advanceClock(Duration.ofSeconds(30));
        String fresh = Totp.code(device.base32Seed(), aws.clock().instant());
        TemporaryCredentials credentials = sts.getSessionToken(key, 900, device.serialNumber(), fresh);
        assertThat(sts.getCallerIdentity(credentials).arn()).isEqualTo("arn:aws:iam::123456789012:user/engineers/ben");
        assertThatThrownBy(() -> sts.getSessionToken(key, 900, device.serialNumber(), fresh))
                .isInstanceOf(InvalidMfaCode.class);
    }

    @Test
    void resyncAcceptsDriftedConsecutiveCodes() {
        NewVirtualMfaDevice device = iam.createVirtualMfaDevice("/engineers/cai/", "cai", Map.of());
        enable("cai", device);
        Instant phone = aws.clock().instant().plus(Duration.ofMinutes(4));
        iam.resyncMfaDevice("cai", device.serialNumber(), Totp.code(device.base32Seed(), phone),
                Totp.code(device.base32Seed(), phone.plusSeconds(30)));
        assertThatThrownBy(() -> iam.resyncMfaDevice("cai", device.serialNumber(), "000000", "000001"))
                .isInstanceOf(InvalidMfaCode.class);
    }

    @Test
    void aThirdAccessKeyExceedsTheLimit() {
        iam.createAccessKey("ana");
        iam.createAccessKey("ana");
        assertThatThrownBy(() -> iam.createAccessKey("ana")).isInstanceOf(AwsLimitExceeded.class);
    }

    @Test
    void aNewKeyIsRefusedUntilItHasPropagated() {
        aws.setPropagationDelay(Duration.ofMinutes(1));
        AccessKey key = iam.createAccessKey("ben");
        assertThatThrownBy(() -> sts.getCallerIdentity(key)).isInstanceOf(AwsInvalidCredentials.class);
        aws.advanceClock(Duration.ofMinutes(1));
        assertThat(sts.getCallerIdentity(key).arn()).endsWith(":user/engineers/ben");
    }

    @Test
    void throttlingAndOutagesArriveAsDomainExceptions() {
        aws.setFaults(Faults.builder().throttleEveryNth(1).onlyFor("ListMFADevices").build());
        assertThatThrownBy(() -> iam.listMfaDevices("ana")).isInstanceOf(AwsThrottled.class);
        aws.setFaults(Faults.builder().serviceUnavailableEveryNth(1).onlyFor("GetUser").build());
        assertThatThrownBy(() -> iam.getUser("ana")).isInstanceOf(AwsUnavailable.class);
    }

    @Test
    void userPoliciesArePutAndDeleted() {
        iam.putUserPolicy("cai", "deny-old", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        iam.deleteUserPolicy("cai", "deny-old");
        assertThatThrownBy(() -> iam.deleteUserPolicy("cai", "deny-old")).isInstanceOf(AwsEntityNotFound.class);
    }

    private static void enable(String user, NewVirtualMfaDevice device) {
        Instant now = aws.clock().instant();
        iam.enableMfaDevice(user, device.serialNumber(), Totp.code(device.base32Seed(), now.minusSeconds(30)),
                Totp.code(device.base32Seed(), now));
    }
}
