package org.mfaportal.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.mfaportal.credentials.CredentialsConfig;
import org.mfaportal.credentials.keys.KeysConfig;
import org.mfaportal.embedded.EmulatorConfig;
import org.mfaportal.identity.IdentityConfig;

import io.quarkus.runtime.LaunchMode;

/**
 * Refuses to start on a configuration that is dangerous or incomplete, naming every problem at once with the
 * environment variable that sets it. The packaged app runs these checks in {@link PortalMain} before Quarkus starts,
 * so they come before anything touches the database or the identity provider; this observer repeats them in dev
 * mode and tests. Value ranges are checked by Bean Validation on the {@code *Config} interfaces; this covers
 * what spans several settings and what production requires.
 */
@Singleton
public class StartupChecks {

    /** Settings whose environment variable is not the one SmallRye derives from the key. */
    static final Map<String, String> ENVIRONMENT_VARIABLES = Map.of(
            "quarkus.oidc.credentials.secret", "PORTAL_OIDC_CLIENT_SECRET",
            "quarkus.oidc.client-id", "PORTAL_OIDC_CLIENT_ID",
            "quarkus.datasource.jdbc.url", "PORTAL_DB_URL",
            "quarkus.datasource.username", "PORTAL_DB_USER",
            "quarkus.datasource.password", "PORTAL_DB_PASSWORD",
            "portal.credentials.sealing-secret", "PORTAL_SEALING_SECRET");

    /** What production needs and has no default for: the key, and what it is. */
    static final Map<String, String> REQUIRED_IN_PRODUCTION = new java.util.LinkedHashMap<>();
    static {
        REQUIRED_IN_PRODUCTION.put("quarkus.oidc.auth-server-url",
                "the realm URL of the identity provider, e.g. https://sso.example.com/realms/mfa-portal");
        REQUIRED_IN_PRODUCTION.put("quarkus.oidc.credentials.secret", "the portal client's secret in the realm");
        REQUIRED_IN_PRODUCTION.put("quarkus.oidc.token-state-manager.encryption-secret",
                "encrypts the session cookie; the same on every replica, at least 32 characters");
        REQUIRED_IN_PRODUCTION.put("quarkus.oidc.authentication.state-secret",
                "encrypts the sign-in state cookie; the same on every replica, at least 32 characters");
    }

    /** Secrets Quarkus OIDC uses as AES keys: shorter ones are refused by it, or silently replaced. */
    static final int MIN_ENCRYPTION_SECRET = 32;

    /** Thrown at start-up; its message lists what to fix. */
    public static final class UnsafeConfiguration extends RuntimeException {
        public UnsafeConfiguration(List<String> problems) {
            super(message(problems));
        }
    }

    /** The text printed when the start is refused: a heading and one line per problem. */
    static String message(List<String> problems) {
        return "MFA Portal will not start (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "):\n - " + String.join("\n - ", problems);
    }

    void check(@Observes Startup event, IdentityConfig identity, EmulatorConfig emulator,
            CredentialsConfig credentials, KeysConfig keys) {
        var config = ConfigProvider.getConfig();
        List<String> problems = problems(LaunchMode.current(), identity, emulator, credentials, keys,
                key -> config.getOptionalValue(key, String.class));
        if (!problems.isEmpty()) {
            throw new UnsafeConfiguration(problems);
        }
    }

    /**
     * Every problem of the configuration, each naming the setting and its environment variable.
     *
     * @param setting a raw setting's value by key (empty when unset or blank)
     */
    static List<String> problems(LaunchMode mode, IdentityConfig identity, EmulatorConfig emulator,
            CredentialsConfig credentials, KeysConfig keys, Function<String, Optional<String>> setting) {
        List<String> problems = new ArrayList<>();
        boolean production = mode == LaunchMode.NORMAL;
        if (production) {
            REQUIRED_IN_PRODUCTION.forEach((key, what) -> {
                Optional<String> value = setting.apply(key).filter(v -> !v.isBlank());
                if (value.isEmpty()) {
                    problems.add(named(key) + " is not set: " + what + ".");
                } else if (key.endsWith("-secret") && !key.equals("quarkus.oidc.credentials.secret")
                        && value.get().length() < MIN_ENCRYPTION_SECRET) {
                    problems.add(named(key) + " is shorter than " + MIN_ENCRYPTION_SECRET + " characters: " + what
                            + " (e.g. openssl rand -base64 48).");
                }
            });
        }
        String path = identity.managedPath();
        if ("/".equals(path)) {
            problems.add(named("portal.identity.managed-path") + " is \"/\": the portal would manage every IAM user "
                    + "in the account. Use a dedicated path such as /engineers/.");
        } else if (!path.matches("/([\\w+=,.@-]+/)+")) {
            problems.add(named("portal.identity.managed-path") + " \"" + path + "\" is not an IAM path (it must "
                    + "start and end with / and use letters, digits and +=,.@_-).");
        }
        if (emulator.enabled() && !mode.isDevOrTest()) {
            // The emulator is a dev-mode and test dependency only: this build has none to start, and carrying on
            // would send every call to real AWS while the setting says otherwise.
            problems.add(named("portal.emulator.enabled") + " is true, but this build has no built-in AWS emulator "
                    + "(it runs in dev mode and tests only). To try the portal against the emulator, run the "
                    + "standalone one (java -jar mfa-portal-emulator-standalone.jar --port 4566), set "
                    + "portal.aws.endpoint=http://127.0.0.1:4566 and give the portal its key "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, see docs/emulator.md); else remove the setting.");
        }
        boolean clientSecretMissing = setting.apply("quarkus.oidc.credentials.secret").filter(v -> !v.isBlank()).isEmpty();
        String sealingSecret = keys.sealingSecret().orElse("");
        // Unset, it is the client secret: when that one is missing, it has been named already.
        if (sealingSecret.length() < 16 && !(production && clientSecretMissing && sealingSecret.isBlank())) {
            problems.add(named("portal.credentials.sealing-secret") + " (default: the OIDC client secret, "
                    + "PORTAL_OIDC_CLIENT_SECRET) must be at least 16 characters: it seals prepared access keys.");
        }
        if (credentials.defaultDurationSeconds() > credentials.maxDurationSeconds()) {
            problems.add(named("portal.credentials.default-duration-seconds") + " exceeds "
                    + named("portal.credentials.max-duration-seconds") + ".");
        }
        return problems;
    }

    /** {@code key (ENVIRONMENT_VARIABLE)}. */
    static String named(String key) {
        return key + " (" + environmentVariable(key) + ")";
    }

    /** The environment variable an operator sets for a key. */
    static String environmentVariable(String key) {
        String mapped = ENVIRONMENT_VARIABLES.get(key);
        return mapped != null ? mapped : key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
