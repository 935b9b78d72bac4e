package org.mfaportal.aws;

import java.time.Instant;

/**
 * A virtual MFA device as {@code ListVirtualMFADevices} reports it: assigned devices carry the user
 * name and enable date, unassigned ones carry neither. Never holds the seed.
 */
public record VirtualMfaDevice(String serialNumber, String userName, Instant enableDate) {

    public boolean assigned() {
        return userName != null;
    }
}
