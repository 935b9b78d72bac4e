package org.mfaportal.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.HashMap;

import org.junit.jupiter.api.Test;
import org.mfaportal.credentials.CredentialsConfig;
import org.mfaportal.credentials.keys.KeysConfig;
import org.mfaportal.embedded.EmulatorConfig;
import org.mfaportal.identity.IdentityConfig;

import io.quarkus.runtime.LaunchMode;

/** Start-up refuses dangerous or incomplete configurations, and accepts sane ones. */
class StartupChecksTest {

    /** What production requires, all set. */
    private static final Function<String, Optional<String>> SECRET = settings(Map.of(
            "quarkus.oidc.auth-server-url", "https://sso.example.com/realms/mfa-portal",
            "quarkus.oidc.credentials.secret", "a-client-secret-of-enough-length",
            "quarkus.oidc.token-state-manager.encryption-secret", "a-session-encryption-secret-of-32-chars+",
            "quarkus.oidc.authentication.state-secret", "a-sign-in-state-secret-of-32-characters+"));

    @Test
    void aSaneProductionConfigurationPasses() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(false),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"), SECRET)).isEmpty();
    }

    @Test
    void theRootPathIsRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/"), emulator(false),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"), SECRET))
                .singleElement().asString().contains("managed-path (PORTAL_IDENTITY_MANAGED_PATH) is \"/\"");
    }

    @Test
    void aPathThatIsNotAnIamPathIsRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("engineers"), emulator(false),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"), SECRET))
                .singleElement().asString().contains("is not an IAM path");
    }

    @Test
    void theEmulatorSwitchedOnInAPackagedBuildStopsTheStartAndNamesTheStandaloneOne() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(true),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"), SECRET))
                .singleElement().asString().contains("no built-in AWS emulator")
                .contains("java -jar mfa-portal-emulator-standalone.jar").contains("portal.aws.endpoint");
    }

    @Test
    void theEmulatorIsWelcomeInDevModeAndTests() {
        for (LaunchMode mode : new LaunchMode[] { LaunchMode.DEVELOPMENT, LaunchMode.TEST }) {
            assertThat(StartupChecks.problems(mode, identity("/engineers/"), emulator(true),
                    credentials(43200, 129600), keys("a-sealing-secret-long-enough"), settings(Map.of()))).isEmpty();
        }
    }

    @Test
    void aMissingOidcSecretInProductionIsRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(false),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"),
                with("quarkus.oidc.credentials.secret", " ")))
                .singleElement().asString().contains("PORTAL_OIDC_CLIENT_SECRET");
    }

    @Test
    void everyProblemIsNamedAtOnceWithItsEnvironmentVariable() {
        var problems = StartupChecks.problems(LaunchMode.NORMAL, identity("/"), emulator(true),
                credentials(7200, 3600), keys("short"), settings(Map.of()));
        assertThat(problems).hasSize(8);
        assertThat(String.join("\n", problems)).contains("QUARKUS_OIDC_AUTH_SERVER_URL", "PORTAL_OIDC_CLIENT_SECRET",
                "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", "QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET",
                "PORTAL_IDENTITY_MANAGED_PATH", "PORTAL_EMULATOR_ENABLED", "PORTAL_SEALING_SECRET",
                "PORTAL_CREDENTIALS_DEFAULT_DURATION_SECONDS");
    }

    @Test
    void productionNeedsTheIdentityProviderAndBothEncryptionSecrets() {
        for (String key : new String[] { "quarkus.oidc.auth-server-url", "quarkus.oidc.token-state-manager.encryption-secret",
                "quarkus.oidc.authentication.state-secret" }) {
            assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(false),
                    credentials(43200, 129600), keys("a-sealing-secret-long-enough"), with(key, "")))
                    .singleElement().asString().contains(key).contains(StartupChecks.environmentVariable(key));
        }
    }

    @Test
    void encryptionSecretsShorterThan32CharactersAreRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(false),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"),
                with("quarkus.oidc.authentication.state-secret", "only-31-characters-long-secret!")))
                .singleElement().asString().contains("shorter than 32").contains("QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET");
    }

    @Test
    void settingsNameTheirEnvironmentVariables() {
        assertThat(StartupChecks.environmentVariable("quarkus.oidc.auth-server-url")).isEqualTo("QUARKUS_OIDC_AUTH_SERVER_URL");
        assertThat(StartupChecks.environmentVariable("quarkus.datasource.jdbc.url")).isEqualTo("PORTAL_DB_URL");
        assertThat(StartupChecks.environmentVariable("portal.identity.managed-path")).isEqualTo("PORTAL_IDENTITY_MANAGED_PATH");
    }

    @Test
    void aDatabaseProblemIsOneLineNamingTheSettings() {
        String url = "jdbc:postgresql://db:5432/mfa_portal?sslmode=require&password=leak";
        assertThat(DatabaseCheck.describe("3D000", url, "mfa_portal")).doesNotContain("\n", "leak")
                .contains("does not exist", "PORTAL_DB_URL", "jdbc:postgresql://db:5432/mfa_portal");
        assertThat(DatabaseCheck.describe("28P01", url, "mfa_portal")).doesNotContain("\n", "leak")
                .contains("refuses the login", "PORTAL_DB_USER", "PORTAL_DB_PASSWORD");
        assertThat(DatabaseCheck.describe("08001", url, "mfa_portal")).contains("does not answer");
    }

    @Test
    void theConfigurationReferenceListsEveryRequiredSettingWithItsEnvironmentVariable() throws Exception {
        String docs = java.nio.file.Files.readString(org.mfaportal.testing.Repository.path("docs/configuration.md"));
        String table = docs.substring(docs.indexOf("## Production: what you must set"), docs.indexOf("## `portal.admin`"));
        for (String key : StartupChecks.REQUIRED_IN_PRODUCTION.keySet()) {
            assertThat(table).contains("| `" + StartupChecks.environmentVariable(key) + "` | `" + key + "` |");
        }
    }

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    /** The production settings with one changed. */
    private static Function<String, Optional<String>> with(String key, String value) {
        Map<String, String> values = new HashMap<>();
        for (String k : StartupChecks.REQUIRED_IN_PRODUCTION.keySet()) {
            values.put(k, SECRET.apply(k).orElseThrow());
        }
        values.put(key, value);
        return settings(values);
    }

    private static IdentityConfig identity(String managedPath) {
        return stub(IdentityConfig.class, Map.of("managedPath", managedPath));
    }

    private static EmulatorConfig emulator(boolean enabled) {
        return stub(EmulatorConfig.class, Map.of("enabled", enabled));
    }

    private static CredentialsConfig credentials(int defaultSeconds, int maxSeconds) {
        return stub(CredentialsConfig.class, Map.of("defaultDurationSeconds", defaultSeconds, "maxDurationSeconds",
                maxSeconds));
    }

    private static KeysConfig keys(String sealingSecret) {
        return stub(KeysConfig.class, Map.of("sealingSecret", Optional.of(sealingSecret)));
    }

    /** A config interface answering the given methods (the check reads no others). */
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (!values.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return values.get(method.getName());
        });
    }
}
