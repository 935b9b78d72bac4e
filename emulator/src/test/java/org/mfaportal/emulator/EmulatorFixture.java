package org.mfaportal.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * One emulator on an ephemeral port with a fixed base clock, plus real AWS SDK v2 clients (Apache HTTP, no
 * retries, so every call reaches the emulator exactly once).
 */
final class EmulatorFixture implements AutoCloseable {

    /** Start of a TOTP step, so a test has the whole 30 s step before it advances the clock. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final AwsEmulator emulator;
    final EmulatorServer server;
    final URI endpoint;
    final IamClient iam;
    final StsClient sts;
    private final SdkHttpClient http = ApacheHttpClient.builder().build();
    private final List<SdkClient> clients = new ArrayList<>();

    EmulatorFixture() {
        this(EmulatorSettings.defaults());
    }

    EmulatorFixture(EmulatorSettings settings) {
        emulator = new AwsEmulator(settings, Clock.fixed(START, ZoneOffset.UTC));
        server = new EmulatorServer(emulator);
        endpoint = server.start("127.0.0.1", 0);
        AwsCredentials portal = AwsBasicCredentials.create(emulator.portalAccessKeyId(),
                emulator.portalSecretAccessKey());
        iam = iam(portal);
        sts = sts(portal);
    }

    IamClient iam(AwsCredentials credentials) {
        IamClient client = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        clients.add(client);
        return client;
    }

    StsClient sts(AwsCredentials credentials) {
        StsClient client = StsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        clients.add(client);
        return client;
    }

    StsClient sts(AccessKey key) {
        return sts(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    StsClient sts(Credentials temporary) {
        return sts(AwsSessionCredentials.create(temporary.accessKeyId(), temporary.secretAccessKey(),
                temporary.sessionToken()));
    }

    /** The code a phone shows now for the seed, {@code stepOffset} steps from the emulator's current step. */
    String code(String seed, int stepOffset) {
        return Totp.code(seed, emulator.clock().instant().plusSeconds(30L * stepOffset));
    }

    String code(String seed) {
        return code(seed, 0);
    }

    /** Moves the emulator to the next TOTP step. */
    void nextStep() {
        emulator.advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
    }

    void createUser(String name, String path) {
        iam.createUser(b -> b.userName(name).path(path));
    }

    /** A new virtual device; its Base32 seed is decoded from the response as an app would read it. */
    Device createDevice(String name) {
        CreateVirtualMfaDeviceResponse response = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(name));
        return new Device(response.virtualMFADevice().serialNumber(),
                new String(response.virtualMFADevice().base32StringSeed().asByteArray(), StandardCharsets.US_ASCII));
    }

    /** A user under {@code /engineers/} with an enabled device, the clock moved past the enabling codes. */
    Device enrolledUser(String name) {
        createUser(name, "/engineers/");
        Device device = createDevice(name);
        iam.enableMFADevice(b -> b.userName(name).serialNumber(device.serial()).authenticationCode1(
                code(device.seed(), -1)).authenticationCode2(code(device.seed())));
        nextStep();
        return device;
    }

    AccessKey accessKey(String userName) {
        return iam.createAccessKey(b -> b.userName(userName)).accessKey();
    }

    record Device(String serial, String seed) {
    }

    @Override
    public void close() {
        clients.forEach(SdkClient::close);
        http.close();
        server.stop();
    }
}
