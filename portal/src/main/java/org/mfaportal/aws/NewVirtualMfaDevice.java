package org.mfaportal.aws;

/**
 * A freshly created virtual MFA device. The seed is returned by AWS exactly once; the portal shows it
 * to the engineer and never stores it. {@link #toString()} leaves it out so it cannot reach a log.
 */
public record NewVirtualMfaDevice(String serialNumber, String base32Seed) {

    @Override
    public String toString() {
        return "NewVirtualMfaDevice[serialNumber=" + serialNumber + ", base32Seed=<redacted>]";
    }
}
