package org.mfaportal.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mfaportal.credentials.CredentialsConfig;
import org.mfaportal.credentials.keys.KeysConfig;
import org.mfaportal.embedded.EmulatorConfig;
import org.mfaportal.identity.IdentityConfig;

import io.quarkus.runtime.LaunchMode;

/** Start-up refuses dangerous or incomplete configurations, and accepts sane ones. */
class StartupChecksTest {

    private static final Optional<String> SECRET = Optional.of("a-client-secret-of-enough-length");

    @Test
    void aSaneProductionConfigurationPasses() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(false),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"), SECRET)).isEmpty();
    }

    @Test
    void theRootPathIsRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/"), emulator(false),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"), SECRET))
                .singleElement().asString().contains("managed-path is \"/\"");
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
                    credentials(43200, 129600), keys("a-sealing-secret-long-enough"), Optional.empty())).isEmpty();
        }
    }

    @Test
    void aMissingOidcSecretInProductionIsRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(false),
                credentials(43200, 129600), keys("a-sealing-secret-long-enough"), Optional.of(" ")))
                .singleElement().asString().contains("PORTAL_OIDC_CLIENT_SECRET");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/"), emulator(true),
                credentials(7200, 3600), keys("short"), Optional.empty())).hasSize(5);
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
