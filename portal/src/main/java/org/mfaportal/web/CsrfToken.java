package org.mfaportal.web;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The CSRF token of the current signed-in session, for forms ({@code {inject:csrf.token}} in templates, rendered by
 * the {@code csrf} tag): {@code HMAC-SHA256(portal.web.csrf-secret, "csrf" + session key)} ({@link SessionKey}).
 * No cookie carries it, so a same-site neighbour (another port or subdomain) has nothing to plant: a token of their
 * own session does not match the victim's, and the secret never leaves the server. Decision 0009.
 */
@RequestScoped
@Named("csrf")
public class CsrfToken {

    public static final String FIELD = "csrf-token";

    private final SecurityIdentity identity;
    private final String secret;
    private String token;

    CsrfToken(SecurityIdentity identity, @ConfigProperty(name = "portal.web.csrf-secret") Optional<String> secret) {
        this.identity = identity;
        // StartupChecks refuses to start without the secret it defaults to; this only guards a bad override.
        this.secret = secret.filter(s -> s.length() >= 16).orElse(null);
    }

    /** The current session's token; empty for a request without a browser session (no form accepts it). */
    public String getToken() {
        if (token == null) {
            token = SessionKey.of(identity).map(this::tokenFor).orElse("");
        }
        return token;
    }

    public String getField() {
        return FIELD;
    }

    /** The expected token of the current session, if there is one. */
    Optional<String> expected() {
        String current = getToken();
        return current.isEmpty() ? Optional.empty() : Optional.of(current);
    }

    private String tokenFor(String sessionKey) {
        if (secret == null) {
            throw new IllegalStateException("portal.web.csrf-secret must be at least 16 characters");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("csrf\n" + sessionKey).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean isWellFormed(String value) {
        return value != null && value.length() == 43 && value.chars().allMatch(ch -> Character.isLetterOrDigit(ch)
                || ch == '-' || ch == '_');
    }
}
