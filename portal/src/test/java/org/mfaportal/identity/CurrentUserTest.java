package org.mfaportal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.AwsEntityNotFound;
import org.mfaportal.aws.IamUser;
import org.mfaportal.identity.NotMappedToIamUser.Reason;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** How a token maps to exactly one IAM user in the managed path, and every way it can fail to. */
class CurrentUserTest {

    private static final Map<String, IamUser> IAM = Map.of(
            "alice", user("alice", "/engineers/"),
            "team-bob@corp", user("team-bob@corp", "/engineers/platform/"),
            "carol", user("carol", "/contractors/"));

    @Test
    void theConfiguredClaimNamesTheIamUser() {
        PortalUser user = current(token(Map.of("preferred_username", "alice", "name", "Alice A.")), config("", "")).get();
        assertThat(user.iamUserName()).isEqualTo("alice");
        assertThat(user.displayName()).isEqualTo("Alice A.");
        assertThat(user.accountId()).isEqualTo("123456789012");
    }

    @Test
    void prefixAndSuffixAreAddedAndSubPathsOfTheManagedPathCount() {
        PortalUser user = current(token(Map.of("preferred_username", "bob")), config("team-", "@corp")).get();
        assertThat(user.iamUserName()).isEqualTo("team-bob@corp");
    }

    @Test
    void aMissingClaimIsRefused() {
        assertReason(current(token(Map.of("email", "x@example.com")), config("", "")), Reason.MISSING_CLAIM);
    }

    @Test
    void aNameIamWouldNotAcceptIsRefusedWithoutAskingIam() {
        assertReason(current(token(Map.of("preferred_username", "o'brien")), config("", "")), Reason.INVALID_NAME);
        assertReason(current(token(Map.of("preferred_username", "a".repeat(65))), config("", "")), Reason.INVALID_NAME);
        assertReason(current(token(Map.of("preferred_username", "al ice")), config("", "")), Reason.INVALID_NAME);
    }

    @Test
    void anUnknownIamUserIsRefused() {
        assertReason(current(token(Map.of("preferred_username", "zed")), config("", "")), Reason.NO_SUCH_USER);
    }

    @Test
    void aUserOutsideTheManagedPathIsRefused() {
        assertReason(current(token(Map.of("preferred_username", "carol")), config("", "")),
                Reason.OUTSIDE_MANAGED_PATH);
    }

    @Test
    void adminsAreRecognisedFromTheGroupsClaim() {
        AdminRoleAugmentor augmentor = new AdminRoleAugmentor(config("", ""));
        assertThat(augmentor.isAdmin(token(Map.of("groups", List.of("engineer", "mfa-portal-admin"))))).isTrue();
        assertThat(augmentor.isAdmin(token(Map.of("groups", List.of("engineer"))))).isFalse();
        assertThat(augmentor.isAdmin(token(Map.of("groups", "mfa-portal-admin")))).isTrue();
        assertThat(augmentor.isAdmin(token(Map.of()))).isFalse();
    }

    private static void assertReason(CurrentUser current, Reason reason) {
        assertThatThrownBy(current::get).isInstanceOfSatisfying(NotMappedToIamUser.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static CurrentUser current(JsonWebToken token, IdentityConfig config) {
        IamUserDirectory directory = new IamUserDirectory(null) {
            @Override
            public IamUser find(String userName) {
                IamUser user = IAM.get(userName);
                if (user == null) {
                    throw new AwsEntityNotFound("NoSuchEntity", "r-1", null);
                }
                return user;
            }
        };
        return new CurrentUser(QuarkusSecurityIdentity.builder().setPrincipal(token).addRoles(Set.of()).build(), config,
                directory);
    }

    private static IamUser user(String name, String path) {
        return new IamUser(name, "AIDA" + name, path, "arn:aws:iam::123456789012:user" + path + name,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static JsonWebToken token(Map<String, Object> claims) {
        return (JsonWebToken) Proxy.newProxyInstance(JsonWebToken.class.getClassLoader(),
                new Class<?>[] { JsonWebToken.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getClaim" -> claims.get((String) args[0]);
                    case "getName" -> String.valueOf(claims.getOrDefault("preferred_username", "someone"));
                    case "getClaimNames" -> claims.keySet();
                    default -> null;
                });
    }

    private static IdentityConfig config(String prefix, String suffix) {
        Map<String, Object> values = Map.of("userNameClaim", "preferred_username", "userNamePrefix",
                Optional.of(prefix).filter(s -> !s.isEmpty()), "userNameSuffix",
                Optional.of(suffix).filter(s -> !s.isEmpty()), "managedPath", "/engineers/", "groupsClaim", "groups",
                "adminGroups", List.of("mfa-portal-admin"), "audience", "mfa-portal");
        return (IdentityConfig) Proxy.newProxyInstance(IdentityConfig.class.getClassLoader(),
                new Class<?>[] { IdentityConfig.class }, (proxy, method, args) -> values.get(method.getName()));
    }
}
