package org.mfaportal.web;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The CSRF token of the current browser, for forms ({@code {inject:csrf.token}} in templates, rendered by the
 * {@code csrf} tag). Double-submit pattern: a random token in an HttpOnly, SameSite=Strict cookie and the same
 * token in a hidden form field; {@link CsrfFilter} rejects a state-changing form whose two copies differ.
 */
@RequestScoped
@Named("csrf")
public class CsrfToken {

    public static final String COOKIE = "mfa-portal-csrf";
    public static final String FIELD = "csrf-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoutingContext rc;
    private String token;

    CsrfToken(RoutingContext rc) {
        this.rc = rc;
    }

    /** The token, set as a cookie on the response the first time a page needs one. */
    public String getToken() {
        if (token == null) {
            Cookie existing = rc.request().getCookie(COOKIE);
            if (existing != null && isWellFormed(existing.getValue())) {
                token = existing.getValue();
            } else {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                rc.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
                        .setSecure(rc.request().isSSL()).setSameSite(CookieSameSite.STRICT));
            }
        }
        return token;
    }

    public String getField() {
        return FIELD;
    }

    static boolean isWellFormed(String value) {
        return value != null && value.length() == 43 && value.chars().allMatch(ch -> Character.isLetterOrDigit(ch)
                || ch == '-' || ch == '_');
    }
}
