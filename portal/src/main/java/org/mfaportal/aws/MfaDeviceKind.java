package org.mfaportal.aws;

/**
 * The three kinds of MFA device IAM knows, told apart by the serial number as {@code ListMFADevices} reports it: a
 * virtual device's serial is an ARN with {@code :mfa/}, a FIDO security key's one with {@code :u2f/}, and a hardware
 * TOTP token's is no ARN at all ({@code GAHT12345678}).
 */
public enum MfaDeviceKind {

    /** A virtual device: an authenticator app on a phone or a password manager. */
    AUTHENTICATOR_APP("authenticator app", true),
    /** A hardware TOTP token (key fob or display card). */
    HARDWARE_TOKEN("hardware token", true),
    /** A FIDO security key: console sign-in only, STS takes no code from it. */
    SECURITY_KEY("security key", false);

    private final String label;
    private final boolean codeCapable;

    MfaDeviceKind(String label, boolean codeCapable) {
        this.label = label;
        this.codeCapable = codeCapable;
    }

    /** The kind of the device with this serial number. */
    public static MfaDeviceKind of(String serialNumber) {
        if (serialNumber != null && serialNumber.startsWith("arn:")) {
            return serialNumber.contains(":u2f/") ? SECURITY_KEY : AUTHENTICATOR_APP;
        }
        return HARDWARE_TOKEN;
    }

    /** The device's name: the last segment of an ARN, a hardware token's serial itself. */
    public static String nameOf(String serialNumber) {
        return serialNumber.startsWith("arn:") ? serialNumber.substring(serialNumber.lastIndexOf('/') + 1)
                : serialNumber;
    }

    /** In words, for pages: "authenticator app", "hardware token", "security key". */
    public String label() {
        return label;
    }

    /** Whether the device shows codes that IAM and STS accept (CLI and API credentials, resync, proofs). */
    public boolean codeCapable() {
        return codeCapable;
    }
}
