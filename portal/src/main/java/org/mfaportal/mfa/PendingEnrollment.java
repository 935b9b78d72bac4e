package org.mfaportal.mfa;

import java.time.Instant;

/** A device created for an engineer and not activated yet. The seed is gone; only a new start can show one. */
public record PendingEnrollment(String serialNumber, String userName, Instant startedAt) {
}
