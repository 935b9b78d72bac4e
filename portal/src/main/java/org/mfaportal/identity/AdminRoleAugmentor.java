package org.mfaportal.identity;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Grants {@link Roles#ADMIN} to a person whose configured claim holds one of the configured admin values,
 * so admin routes can be guarded declaratively with {@code @RolesAllowed}.
 */
@ApplicationScoped
public class AdminRoleAugmentor implements SecurityIdentityAugmentor {

    private final IdentityConfig config;

    AdminRoleAugmentor(IdentityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token) || !isAdmin(token)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(Set.of(Roles.ADMIN)).build());
    }

    boolean isAdmin(JsonWebToken token) {
        return Claims.values(token, config.groupsClaim()).stream().anyMatch(config.adminGroups()::contains);
    }
}
