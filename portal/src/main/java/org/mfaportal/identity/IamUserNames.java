package org.mfaportal.identity;

import java.util.regex.Pattern;

/** IAM's naming rules, in one place. */
public final class IamUserNames {

    /** IAM user names: {@code [\w+=,.@-]}, 1 to 64 characters. */
    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private IamUserNames() {
    }

    public static boolean isValidUserName(String name) {
        return name != null && USER_NAME.matcher(name).matches();
    }

    /** Whether {@code path} lies in the managed path (equal to it or below it). */
    public static boolean isUnder(String path, String managedPath) {
        return path != null && path.startsWith(managedPath);
    }
}
