package org.mfaportal.aws;

import java.time.Instant;

/** An MFA device assigned (enabled) for a user, as {@code ListMFADevices} reports it: of any kind. */
public record MfaDevice(String serialNumber, String userName, Instant enableDate) {

    public MfaDeviceKind kind() {
        return MfaDeviceKind.of(serialNumber);
    }

    /** The device's name as IAM has it (the last segment of its serial). */
    public String name() {
        return MfaDeviceKind.nameOf(serialNumber);
    }
}
