package org.mfaportal.credentials;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.identity.CurrentUser;

/** Which roles the signed-in person may assume, from the configured mapping of groups to role ARNs. */
@ApplicationScoped
public class RoleEntitlements {

    /** A role offered to the person. */
    public record Role(String arn, String displayName, int maxDurationSeconds) {
        /** The maximum session length in whole hours, for display. */
        public int maxHours() {
            return maxDurationSeconds / 3600;
        }
    }

    private final CredentialsConfig config;

    RoleEntitlements(CredentialsConfig config) {
        this.config = config;
    }

    public List<Role> rolesFor(CurrentUser user) {
        List<String> groups = user.groups();
        return config.roles().stream().filter(r -> r.groups().stream().anyMatch(groups::contains))
                .map(r -> new Role(r.arn(), r.displayName(), Math.min(r.maxDurationSeconds(), 43200))).toList();
    }

    /** The role if the person may assume it; a role they may not assume looks like one that does not exist. */
    public Optional<Role> find(CurrentUser user, String roleArn) {
        return rolesFor(user).stream().filter(r -> r.arn().equals(roleArn)).findFirst();
    }
}
