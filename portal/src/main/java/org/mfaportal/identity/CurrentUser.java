package org.mfaportal.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.mfaportal.aws.AwsEntityNotFound;
import org.mfaportal.aws.IamUser;
import org.mfaportal.identity.NotMappedToIamUser.Reason;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in person of the current request, resolved once per request. Every page and API that acts on
 * IAM starts here, so no request can name another user's IAM user. Templates reach it as
 * {@code inject:currentUser} (the layout's admin menu).
 */
@RequestScoped
@Named("currentUser")
public class CurrentUser {

    private final SecurityIdentity identity;
    private final IdentityConfig config;
    private final IamUserDirectory directory;
    private PortalUser resolved;

    CurrentUser(SecurityIdentity identity, IdentityConfig config, IamUserDirectory directory) {
        this.identity = identity;
        this.config = config;
        this.directory = directory;
    }

    /** The person, mapped to their IAM user. @throws NotMappedToIamUser when they have none in the managed path. */
    public PortalUser get() {
        if (resolved == null) {
            resolved = resolve();
        }
        return resolved;
    }

    /** The name the person signed in with, available even when they map to no IAM user. */
    public String signInName() {
        return identity.getPrincipal().getName();
    }

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }

    /** The values of the configured groups claim (for role entitlements). */
    public java.util.List<String> groups() {
        return Claims.values((JsonWebToken) identity.getPrincipal(), config.groupsClaim());
    }

    private PortalUser resolve() {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        String claim = Claims.value(token, config.userNameClaim());
        if (claim == null || claim.isBlank()) {
            throw new NotMappedToIamUser(Reason.MISSING_CLAIM, null);
        }
        String userName = config.userNamePrefix().orElse("") + claim + config.userNameSuffix().orElse("");
        if (!IamUserNames.isValidUserName(userName)) {
            throw new NotMappedToIamUser(Reason.INVALID_NAME, userName);
        }
        IamUser user;
        try {
            user = directory.find(userName);
        } catch (AwsEntityNotFound e) {
            throw new NotMappedToIamUser(Reason.NO_SUCH_USER, userName);
        }
        if (!IamUserNames.isUnder(user.path(), config.managedPath())) {
            throw new NotMappedToIamUser(Reason.OUTSIDE_MANAGED_PATH, userName);
        }
        String name = Claims.value(token, "name");
        return new PortalUser(claim, name != null ? name : claim, userName, user.accountId(), isAdmin());
    }
}
