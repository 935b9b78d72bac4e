package org.mfaportal.identity;

import java.time.Duration;
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

    /**
     * Audience that bearer tokens for /api must carry: the API's own, added to access tokens by an audience mapper
     * of the identity provider. It must differ from the OIDC client id, which ID tokens carry.
     */
    @WithDefault("mfa-portal-api")
    String audience();

    /**
     * How long a signed-out browser session is remembered so that a captured copy of its cookie stays refused: at
     * least the identity provider's longest session (Keycloak's "SSO Session Max").
     */
    @WithDefault("10h")
    Duration endedSessionRetention();
}
