package org.mfaportal.admin;

import java.util.Locale;

/** What a virtual MFA device in the managed path is, as admins see it. */
public enum DeviceStatus {
    /** Assigned to a user: their codes satisfy MFA policies. */
    ACTIVE("Active"),
    /** Unassigned, from an enrollment started less than {@code portal.admin.orphan-age} ago. */
    PENDING("Pending"),
    /** Unassigned and older than that, or unknown to the portal: nobody can use it, cleanup may delete it. */
    ORPHANED("Orphaned");

    private final String label;

    DeviceStatus(String label) {
        this.label = label;
    }

    /** The word pages show. */
    public String label() {
        return label;
    }

    /** The CSS modifier of its badge. */
    public String css() {
        return name().toLowerCase(Locale.ROOT);
    }
}
