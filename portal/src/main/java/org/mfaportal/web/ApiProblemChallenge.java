package org.mfaportal.web;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The OIDC mechanism, with one change: under {@code /api/} a missing, invalid or expired bearer token is answered
 * with a problem+json body (code {@code unauthorized}, the request id) next to the usual
 * {@code WWW-Authenticate: Bearer} challenge, like every other API error. Quarkus answers 401 before any JAX-RS
 * code runs, so the exception mappers never see it; this is the way Quarkus documents to customize a challenge.
 * Pages keep OIDC's redirect to the sign-in page.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ApiProblemChallenge implements HttpAuthenticationMechanism {

    private static final String CHALLENGER = HttpAuthenticationMechanism.class.getName();

    private final OidcAuthenticationMechanism delegate;
    private final ObjectMapper json;

    @Inject
    ApiProblemChallenge(OidcAuthenticationMechanism delegate, ObjectMapper json) {
        this.delegate = delegate;
        this.json = json;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.normalizedPath().startsWith("/api/")) {
            String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && !BearerTokens.looksLikeSignedJwt(authorization.substring(7).strip())) {
                // Refused here, before OIDC, which could ask the identity provider about a token it cannot parse.
                BearerTokens.refused();
                context.put(CHALLENGER, this);
                return Uni.createFrom().failure(new AuthenticationFailedException("Malformed bearer token"));
            }
        }
        // OIDC remembers itself in the request as the mechanism that must answer a failed authentication (an
        // invalid or expired token); remember this wrapper instead, so that the answer is a problem document.
        return delegate.authenticate(context, identityProviderManager)
                .onItemOrFailure().invoke((identity, failure) -> rememberAsChallenger(context));
    }

    private void rememberAsChallenger(RoutingContext context) {
        // The delegate is a client proxy; OIDC stores the bean instance itself, so compare by type.
        if (context.get(CHALLENGER) instanceof OidcAuthenticationMechanism) {
            context.put(CHALLENGER, this);
        }
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return delegate.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (!context.normalizedPath().startsWith("/api/")) {
            return delegate.sendChallenge(context);
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        boolean tokenSent = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        String body;
        try {
            body = json.writeValueAsString(ProblemDetails.of(FrameworkProblem.unauthorized(tokenSent),
                    RequestInfo.requestId(context)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a problem document", e);
        }
        if (!context.response().ended()) {
            context.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer")
                    .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE)
                    .end(body);
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return delegate.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return delegate.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        // Ahead of the OIDC mechanism it wraps, so that its challenge is the one sent.
        return delegate.getPriority() + 1;
    }
}
