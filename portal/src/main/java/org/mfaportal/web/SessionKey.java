package org.mfaportal.web;

import java.util.Optional;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * What identifies one signed-in browser session, the same on every replica and across token refreshes: the
 * {@code sid} claim of the ID token (the identity provider's session, new at every sign-in). A provider without
 * {@code sid} gets the subject and the moment of sign-in ({@code auth_time}, else the token's {@code iat}).
 */
public final class SessionKey {

    private SessionKey() {
    }

    /** The session's key, if {@code identity} signed in through the browser flow (an ID token is its principal). */
    public static Optional<String> of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        Object sid = jwt.getClaim("sid");
        if (sid != null && !sid.toString().isBlank()) {
            return Optional.of("sid:" + sid);
        }
        Object authTime = jwt.getClaim("auth_time");
        if (jwt.getSubject() == null) {
            return Optional.empty();
        }
        return Optional.of("sub:" + jwt.getSubject() + "@" + (authTime != null ? authTime : jwt.getIssuedAtTime()));
    }
}
