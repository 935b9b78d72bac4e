package org.mfaportal.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.mfaportal.emulator.AwsEmulator;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.TestDevices.Device;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;

/**
 * What an AWS admin does in the console, behind the portal's back: plain AWS SDK calls straight to the emulator,
 * with the account's admin key, none of them through the portal or its gateways.
 */
public final class AwsConsole implements AutoCloseable {

    private final AwsEmulator aws;
    private final IamClient iam;

    public AwsConsole(AwsEmulator aws, URI endpoint) {
        this.aws = aws;
        this.iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(endpoint)
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        aws.portalAccessKeyId(), aws.portalSecretAccessKey())))
                .build();
    }

    /** Removes the user's virtual MFA device: deactivate, then delete, as the console's "Remove" does. */
    public void removeDevice(String userName, String serialNumber) {
        iam.deactivateMFADevice(r -> r.userName(userName).serialNumber(serialNumber));
        iam.deleteVirtualMFADevice(r -> r.serialNumber(serialNumber));
    }

    /**
     * Sets up a virtual MFA device for the user at {@code path} with two consecutive codes from its seed, as the
     * console's "Assign MFA device" does; the emulator's clock then moves past those codes.
     */
    public Device assignDevice(String userName, String path, String name) {
        CreateVirtualMfaDeviceResponse created = iam.createVirtualMFADevice(r -> r.path(path)
                .virtualMFADeviceName(name));
        String serial = created.virtualMFADevice().serialNumber();
        String seed = created.virtualMFADevice().base32StringSeed().asString(StandardCharsets.US_ASCII);
        var now = aws.clock().instant();
        iam.enableMFADevice(r -> r.userName(userName).serialNumber(serial)
                .authenticationCode1(Totp.code(seed, now.minusSeconds(Totp.STEP_SECONDS)))
                .authenticationCode2(Totp.code(seed, now)));
        aws.advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
        return new Device(serial, seed);
    }

    @Override
    public void close() {
        iam.close();
    }
}
