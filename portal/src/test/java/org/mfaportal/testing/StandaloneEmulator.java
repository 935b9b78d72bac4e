package org.mfaportal.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.mfaportal.emulator.EmulatorSettings;

/**
 * The emulator's own jar ({@code mfa-portal-emulator-standalone.jar}, built by the emulator module) running as a
 * process beside a packaged portal, as a demo deployment or another team's tooling would run it: the packaged
 * portal has no emulator of its own. {@link #portalSettings()} and {@link #portalKey()} point a portal at it.
 */
public final class StandaloneEmulator implements AutoCloseable {

    private final int port;
    private final Subprocess process;

    private StandaloneEmulator(int port, Subprocess process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code java -jar} on the emulator's jar ({@code emulator.jar}, set by the build) on {@code port} with
     * {@code options} (EmulatorMain's), and waits until its control endpoint answers.
     */
    public static StandaloneEmulator start(int port, List<String> options) {
        return start(port, List.of(), options);
    }

    /** As {@link #start(int, List)}, with options for its JVM (a large heap for a scale run, say). */
    public static StandaloneEmulator start(int port, List<String> jvmOptions, List<String> options) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString(), "--port", String.valueOf(port)));
        command.addAll(options);
        Subprocess process = Subprocess.of(command).logTo(Path.of("target", "emulator-" + port + ".log")).start();
        StandaloneEmulator emulator = new StandaloneEmulator(port, process);
        try {
            process.awaitHttpOk(emulator.endpoint().resolve("/_emulator/state"), Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return emulator;
    }

    /** The emulator's runnable jar. */
    public static Path jar() {
        String configured = System.getProperty("emulator.jar");
        Path jar = configured != null ? Path.of(configured)
                : Repository.path("emulator/target/mfa-portal-emulator-standalone.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar.toAbsolutePath() + ": build it first (./mvnw package from "
                    + "the repository root)");
        }
        return jar;
    }

    /**
     * EmulatorMain's options for what {@code %profile.portal.emulator.*} of the portal's application.properties
     * gives the embedded emulator (seed users, roles, propagation delay), so that a packaged portal run in that
     * profile finds the same account.
     */
    public static List<String> optionsOfProfile(String profile) {
        Properties properties = new Properties();
        try (InputStream in = StandaloneEmulator.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "%" + profile + ".portal.emulator.";
        List<String> options = new ArrayList<>();
        Map<String, Map<String, String>> roles = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String name = key.substring(prefix.length());
            String value = properties.getProperty(key).strip();
            if (name.equals("seed-users")) {
                options.addAll(List.of("--seed-users", value));
            } else if (name.equals("seed-devices")) {
                options.addAll(List.of("--seed-devices", value));
            } else if (name.equals("propagation-delay")) {
                String max = properties.getProperty(prefix + "propagation-delay-max");
                options.addAll(List.of("--propagation-delay", duration(value).toSeconds()
                        + (max == null ? "" : "-" + duration(max.strip()).toSeconds())));
            } else if (name.equals("latency-profile")) {
                options.addAll(List.of("--latency-profile", value));
            } else if (name.startsWith("roles.")) {
                String[] parts = name.split("\\.", 3);
                roles.computeIfAbsent(parts[1], r -> new LinkedHashMap<>()).put(parts[2], value);
            } else if (!name.equals("enabled") && !name.equals("propagation-delay-max")) {
                throw new IllegalStateException("No EmulatorMain option for " + key + " yet: add one here");
            }
        }
        roles.forEach((name, role) -> options.addAll(List.of("--role", name + ":"
                + duration(role.getOrDefault("max-session-duration", "1h")).toSeconds() + ":"
                + role.getOrDefault("allowed-user-path", "/")
                + ("false".equals(role.get("mfa-required")) ? ":no-mfa" : ""))));
        return options;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * What points a packaged portal at this emulator instead of AWS: the endpoint (IAM, STS and the console
     * federation endpoint) and the built-in emulator off. The portal's key comes from the AWS SDK's default chain:
     * {@link #portalKey()}.
     */
    public Map<String, String> portalSettings() {
        return Map.of("portal.emulator.enabled", "false",
                "portal.aws.endpoint", endpoint().toString(),
                "portal.aws.federation-endpoint", endpoint().resolve("/federation").toString());
    }

    /** The portal's own key in the emulator, as environment variables the AWS SDK's default chain reads. */
    public static Map<String, String> portalKey() {
        return Map.of("AWS_ACCESS_KEY_ID", EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", EmulatorSettings.DEFAULT_PORTAL_SECRET, "AWS_REGION", "us-east-1");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }

    /** A duration as application.properties writes them ({@code 4h}, {@code 5s}, {@code 90m}). */
    private static Duration duration(String value) {
        String text = value.toUpperCase(Locale.ROOT);
        return Duration.parse(text.endsWith("D") ? "P" + text : "PT" + text);
    }
}
