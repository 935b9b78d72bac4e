package org.mfaportal.mfa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.mfaportal.web.InvalidInput;

/** Edge validation of the six-digit codes people type (spaces they paste along are forgiven). */
public final class MfaCodes {

    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");

    private MfaCodes() {
    }

    /** The code without blanks; never echo it back. */
    public static String normalize(String code) {
        return code == null ? null : code.replaceAll("\\s", "");
    }

    public static boolean isWellFormed(String code) {
        return code != null && SIX_DIGITS.matcher(code).matches();
    }

    /**
     * Normalizes the named codes and checks their form.
     *
     * @return the normalized codes in the order given
     * @throws InvalidInput naming every malformed field
     */
    public static String[] require(String... namesAndCodes) {
        Map<String, String> errors = new LinkedHashMap<>();
        String[] codes = new String[namesAndCodes.length / 2];
        for (int i = 0; i < namesAndCodes.length; i += 2) {
            String code = normalize(namesAndCodes[i + 1]);
            if (!isWellFormed(code)) {
                errors.put(namesAndCodes[i], "Enter the 6-digit code shown by your authenticator app.");
            }
            codes[i / 2] = code;
        }
        if (errors.isEmpty() && codes.length == 2 && codes[0].equals(codes[1])) {
            errors.put(namesAndCodes[2], "Wait for the code to change, then enter the new one here.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return codes;
    }
}
