package org.mfaportal.identity;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a signed-in person maps to an IAM user, and what makes them an admin. */
@ConfigMapping(prefix = "portal.identity")
public interface IdentityConfig {

    /** Token claim whose value (plus prefix and suffix) is the person's IAM user name. */
    @WithDefault("preferred_username")
    String userNameClaim();

    /** Text put before the claim value to form the IAM user name. */
    Optional<String> userNamePrefix();

    /** Text put after the claim value to form the IAM user name. */
    Optional<String> userNameSuffix();

    /** IAM path the portal manages; it never reads or changes a user outside it. Must not be "/". */
    @WithDefault("/engineers/")
    String managedPath();

    /**
     * Token claim listing the person's roles or groups (a string or an array of strings; a slash-separated
     * path such as {@code realm_access/roles} reaches into nested claims). Used for admin rights and role
     * entitlements.
     */
    @WithDefault("groups")
    String groupsClaim();

    /** Any of these values in {@link #groupsClaim()} makes the person an admin. */
    @WithDefault("mfa-portal-admin")
    List<String> adminGroups();

    /** Audience that bearer tokens for /api must carry. */
    @WithDefault("mfa-portal")
    String audience();
}
