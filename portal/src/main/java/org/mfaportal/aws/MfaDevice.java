package org.mfaportal.aws;

import java.time.Instant;

/** An MFA device assigned (enabled) for a user, as {@code ListMFADevices} reports it. */
public record MfaDevice(String serialNumber, String userName, Instant enableDate) {
}
