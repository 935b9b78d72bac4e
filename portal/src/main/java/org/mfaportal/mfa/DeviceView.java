package org.mfaportal.mfa;

import java.time.Instant;

/** An engineer's active MFA device. */
public record DeviceView(String serialNumber, Instant enabledAt) {
}
