package org.mfaportal.admin;

import java.util.List;
import java.util.stream.Collectors;

import org.mfaportal.aws.IamUser;
import org.mfaportal.aws.MfaDeviceKind;

/**
 * A managed user and the kinds of MFA device they have, for the list of users without a code-capable (or backup)
 * device.
 *
 * @param user  the IAM user
 * @param kinds one entry per device: assigned virtual devices as IAM lists them, hardware tokens and security keys as
 *              the portal last saw them in the user's device listing
 */
public record UserDevices(IamUser user, List<MfaDeviceKind> kinds) {

    /** How many of their devices show codes AWS accepts for credentials. */
    public long codeCapableDevices() {
        return kinds.stream().filter(MfaDeviceKind::codeCapable).count();
    }

    /** Their devices in words: "none", "security key", "authenticator app", "2 security keys"… */
    public String kindsLabel() {
        if (kinds.isEmpty()) {
            return "none";
        }
        return kinds.stream().sorted().collect(Collectors.groupingBy(k -> k, java.util.TreeMap::new,
                Collectors.counting())).entrySet().stream()
                .map(e -> e.getValue() == 1 ? e.getKey().label() : e.getValue() + " " + e.getKey().label() + "s")
                .collect(Collectors.joining(", "));
    }
}
