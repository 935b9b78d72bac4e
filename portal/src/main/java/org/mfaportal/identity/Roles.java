package org.mfaportal.identity;

/** Roles the portal grants on top of the identity provider's. */
public final class Roles {

    /** Holders may administer every device in the managed path. */
    public static final String ADMIN = "portal-admin";

    private Roles() {
    }
}
