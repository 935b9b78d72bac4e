package org.mfaportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mfaportal.credentials.CredentialsConfig;
import org.mfaportal.emulator.EmulatorConfig;
import org.mfaportal.identity.IdentityConfig;

import io.quarkus.runtime.LaunchMode;

/** Start-up refuses dangerous or incomplete configurations, and accepts sane ones. */
class StartupChecksTest {

    private static final Optional<String> SECRET = Optional.of("a-client-secret-of-enough-length");

    @Test
    void aSaneProductionConfigurationPasses() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(false, false),
                credentials("a-sealing-secret-long-enough", 43200, 129600), SECRET)).isEmpty();
    }

    @Test
    void theRootPathIsRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/"), emulator(false, false),
                credentials("a-sealing-secret-long-enough", 43200, 129600), SECRET))
                .singleElement().asString().contains("managed-path is \"/\"");
    }

    @Test
    void aPathThatIsNotAnIamPathIsRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("engineers"), emulator(false, false),
                credentials("a-sealing-secret-long-enough", 43200, 129600), SECRET))
                .singleElement().asString().contains("is not an IAM path");
    }

    @Test
    void theEmulatorInProductionNeedsAnExplicitOptIn() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(true, false),
                credentials("a-sealing-secret-long-enough", 43200, 129600), SECRET))
                .singleElement().asString().contains("portal.emulator.allow-in-production=true");
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(true, true),
                credentials("a-sealing-secret-long-enough", 43200, 129600), SECRET)).isEmpty();
        assertThat(StartupChecks.problems(LaunchMode.DEVELOPMENT, identity("/engineers/"), emulator(true, false),
                credentials("a-sealing-secret-long-enough", 43200, 129600), Optional.empty())).isEmpty();
    }

    @Test
    void aMissingOidcSecretInProductionIsRefused() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/engineers/"), emulator(false, false),
                credentials("a-sealing-secret-long-enough", 43200, 129600), Optional.of(" ")))
                .singleElement().asString().contains("PORTAL_OIDC_CLIENT_SECRET");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThat(StartupChecks.problems(LaunchMode.NORMAL, identity("/"), emulator(true, false),
                credentials("short", 7200, 3600), Optional.empty())).hasSize(5);
    }

    private static IdentityConfig identity(String managedPath) {
        return stub(IdentityConfig.class, Map.of("managedPath", managedPath));
    }

    private static EmulatorConfig emulator(boolean enabled, boolean allowInProduction) {
        return stub(EmulatorConfig.class, Map.of("enabled", enabled, "allowInProduction", allowInProduction));
    }

    private static CredentialsConfig credentials(String sealingSecret, int defaultSeconds, int maxSeconds) {
        return stub(CredentialsConfig.class, Map.of("sealingSecret", Optional.of(sealingSecret), "defaultDurationSeconds",
                defaultSeconds, "maxDurationSeconds", maxSeconds));
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
