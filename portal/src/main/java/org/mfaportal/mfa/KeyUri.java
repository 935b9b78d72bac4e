package org.mfaportal.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Key URI an authenticator app scans: {@code otpauth://totp/ISSUER:LABEL?secret=...&issuer=...} with
 * AWS's parameters (SHA1, 6 digits, 30 seconds). It carries the seed, so it is never logged or stored.
 */
public final class KeyUri {

    private KeyUri() {
    }

    public static String totp(String issuer, String label, String base32Secret) {
        String encodedIssuer = encode(issuer);
        return "otpauth://totp/" + encodedIssuer + ":" + encode(label) + "?secret=" + base32Secret + "&issuer="
                + encodedIssuer + "&algorithm=SHA1&digits=6&period=30";
    }

    /** Percent-encoding as authenticator apps expect (space as %20, never +). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
