package org.mfaportal.startup;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mfaportal.credentials.CredentialsConfig;
import org.mfaportal.credentials.keys.KeysConfig;
import org.mfaportal.embedded.EmulatorConfig;
import org.mfaportal.identity.IdentityConfig;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The packaged app's entry point: checks the configuration (every problem at once, with the environment variable to
 * set) and then the database login, before Quarkus starts anything, and only then starts Quarkus. Quarkus itself would
 * report one problem per restart: a missing identity-provider URL as an unresolved expression, a missing database
 * as a Flyway stack trace.
 */
@QuarkusMain
public final class PortalMain {

    public static void main(String... args) {
        if (LaunchMode.current() == LaunchMode.NORMAL && !Boolean.getBoolean("quarkus.appcds.generate")) {
            List<String> problems = preflight();
            if (!problems.isEmpty()) {
                System.err.println(StartupChecks.message(problems));
                System.err.flush();
                System.exit(1);
            }
        }
        Quarkus.run(args);
    }

    /** The configuration's problems; when there are none, the database's (at most one). */
    static List<String> preflight() {
        SmallRyeConfig config = configuration();
        List<String> problems = new ArrayList<>(StartupChecks.problems(LaunchMode.NORMAL,
                config.getConfigMapping(IdentityConfig.class), config.getConfigMapping(EmulatorConfig.class),
                config.getConfigMapping(CredentialsConfig.class), config.getConfigMapping(KeysConfig.class),
                key -> value(config, key)));
        if (problems.isEmpty() && value(config, "quarkus.datasource.db-kind").orElse("postgresql").equals("postgresql")) {
            value(config, "quarkus.datasource.jdbc.url").flatMap(url -> DatabaseCheck.problem(url,
                    value(config, "quarkus.datasource.username").orElse(null),
                    value(config, "quarkus.datasource.password").orElse(null))).ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * The settings as Quarkus will see them: system properties, environment variables, {@code .env} and
     * {@code config/application.properties} in the working directory, and the packaged {@code application.properties},
     * in the profile Quarkus will run ({@code quarkus.profile}, default {@code prod}).
     */
    static SmallRyeConfig configuration() {
        String profile = Optional.ofNullable(System.getProperty("quarkus.profile"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE"))).orElse("prod");
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withProfile(profile)
                .addDefaultInterceptors()
                .addSystemSources()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(IdentityConfig.class)
                .withMapping(EmulatorConfig.class)
                .withMapping(CredentialsConfig.class)
                .withMapping(KeysConfig.class)
                .withValidateUnknown(false);
        try {
            URL packaged = PortalMain.class.getClassLoader().getResource("application.properties");
            if (packaged != null) {
                builder.withSources(new PropertiesConfigSource(packaged, 250));
            }
            Path local = Path.of("config", "application.properties");
            if (Files.isRegularFile(local)) {
                builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), 260));
            }
            Path dotEnv = Path.of(".env");
            if (Files.isRegularFile(dotEnv)) {
                builder.withSources(new EnvConfigSource(dotEnvValues(dotEnv), 295));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return builder.build();
    }

    private static java.util.Map<String, String> dotEnvValues(Path file) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        java.util.Map<String, String> values = new java.util.HashMap<>();
        properties.forEach((k, v) -> values.put(k.toString(), v.toString()));
        return values;
    }

    private static Optional<String> value(SmallRyeConfig config, String key) {
        try {
            return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
        } catch (java.util.NoSuchElementException e) {
            // An expression naming an unset setting, such as ${quarkus.oidc.auth-server-url}: unset.
            return Optional.empty();
        }
    }
}
