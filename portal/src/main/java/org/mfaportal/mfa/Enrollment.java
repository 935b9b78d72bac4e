package org.mfaportal.mfa;

/**
 * A device just created for the engineer, with everything needed to add it to an authenticator app. It exists
 * only while the response is rendered: the secret is never stored. {@link #toString()} redacts it.
 *
 * @param serialNumber the device's ARN, needed to activate it
 * @param secret       the Base32 seed, for manual entry
 * @param keyUri       the otpauth:// URI the QR code encodes
 * @param qrSvg        the QR code as SVG
 * @param qrPngBase64  the QR code as a Base64 PNG
 * @param issuer       the issuer authenticator apps will show
 * @param label        the account label authenticator apps will show
 */
public record Enrollment(String serialNumber, String secret, String keyUri, String qrSvg, String qrPngBase64,
        String issuer, String label) {

    /** The secret in groups of four characters, easier to type. */
    public String secretGroups() {
        return secret.replaceAll("(.{4})(?!$)", "$1 ");
    }

    @Override
    public String toString() {
        return "Enrollment[serialNumber=" + serialNumber + ", secret=<redacted>]";
    }
}
