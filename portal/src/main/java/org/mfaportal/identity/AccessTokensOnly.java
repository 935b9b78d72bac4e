package org.mfaportal.identity;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.TenantFeature;

/**
 * The API ({@code api} tenant) accepts access tokens only. The audience check does most of the work (the API's
 * audience, {@code portal.identity.audience}, is not the client id that ID tokens are addressed to); this refuses
 * what still says it is something else: a {@code typ} claim other than {@code Bearer} (Keycloak marks ID tokens
 * {@code ID}, refresh tokens {@code Refresh}) or a JOSE {@code typ} header other than {@code JWT} or
 * {@code at+jwt} (RFC 9068), so an ID token is refused even by a deployment whose audiences were set up wrong.
 */
@Unremovable
@ApplicationScoped
@TenantFeature("api")
public class AccessTokensOnly implements Validator {

    private static final Set<String> ACCESS_TOKEN_HEADER_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");

    @Override
    public String validate(JwtContext jwt) throws MalformedClaimException {
        Object type = jwt.getJwtClaims().getClaimValue("typ");
        if (type != null && !"Bearer".equalsIgnoreCase(type.toString())) {
            return "Not an access token (typ claim)";
        }
        if (!jwt.getJoseObjects().isEmpty()) {
            String headerType = jwt.getJoseObjects().get(0).getHeader("typ");
            if (headerType != null && !ACCESS_TOKEN_HEADER_TYPES.contains(headerType.toLowerCase())) {
                return "Not an access token (typ header)";
            }
        }
        return null;
    }
}
