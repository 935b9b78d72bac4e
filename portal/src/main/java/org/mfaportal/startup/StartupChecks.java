package org.mfaportal.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * Refuses to start on a configuration that is dangerous or incomplete, naming every problem at once. Value ranges
 * are checked by Bean Validation on the {@code *Config} interfaces; this covers what spans several settings.
 */
@Singleton
public class StartupChecks {

    /** Thrown at start-up; its message lists what to fix. */
    public static final class UnsafeConfiguration extends RuntimeException {
        public UnsafeConfiguration(List<String> problems) {
            super("MFA Portal will not start:\n - " + String.join("\n - ", problems));
        }
    }

    void check(@Observes Startup event, IdentityConfig identity, EmulatorConfig emulator,
            CredentialsConfig credentials, KeysConfig keys) {
        List<String> problems = problems(LaunchMode.current(), identity, emulator, credentials, keys,
                ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.credentials.secret", String.class));
        if (!problems.isEmpty()) {
            throw new UnsafeConfiguration(problems);
        }
    }

    static List<String> problems(LaunchMode mode, IdentityConfig identity, EmulatorConfig emulator,
            CredentialsConfig credentials, KeysConfig keys, Optional<String> oidcSecret) {
        List<String> problems = new ArrayList<>();
        String path = identity.managedPath();
        if ("/".equals(path)) {
            problems.add("portal.identity.managed-path is \"/\": the portal would manage every IAM user in the "
                    + "account. Use a dedicated path such as /engineers/.");
        } else if (!path.matches("/([\\w+=,.@-]+/)+")) {
            problems.add("portal.identity.managed-path \"" + path + "\" is not an IAM path (it must start and end "
                    + "with / and use letters, digits and +=,.@_-).");
        }
        boolean production = mode == LaunchMode.NORMAL;
        if (emulator.enabled() && !mode.isDevOrTest()) {
            // The emulator is a dev-mode and test dependency only: this build has none to start, and carrying on
            // would send every call to real AWS while the setting says otherwise.
            problems.add("portal.emulator.enabled=true, but this build has no built-in AWS emulator (it runs in "
                    + "dev mode and tests only). To try the portal against the emulator, run the standalone one "
                    + "(java -jar mfa-portal-emulator-standalone.jar --port 4566), set "
                    + "portal.aws.endpoint=http://127.0.0.1:4566 and give the portal its key "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, see docs/emulator.md); else remove the setting.");
        }
        if (production && oidcSecret.filter(s -> !s.isBlank()).isEmpty()) {
            problems.add("The OIDC client secret is missing: set PORTAL_OIDC_CLIENT_SECRET "
                    + "(quarkus.oidc.credentials.secret).");
        }
        if (keys.sealingSecret().orElse("").length() < 16) {
            problems.add("portal.credentials.sealing-secret (default: the OIDC client secret) must be at least "
                    + "16 characters: it seals prepared access keys.");
        }
        if (credentials.defaultDurationSeconds() > credentials.maxDurationSeconds()) {
            problems.add("portal.credentials.default-duration-seconds exceeds portal.credentials.max-duration-seconds.");
        }
        return problems;
    }
}
