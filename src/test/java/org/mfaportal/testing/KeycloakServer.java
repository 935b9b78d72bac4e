package org.mfaportal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Keycloak for the test suite: the server distribution from Maven Central, unpacked once into
 * {@code ~/.cache/mfa-portal}, started on 127.0.0.1 with the repository's realm file, stopped when the test JVM
 * exits. A Keycloak already answering on the port (started by {@code .ci/run} or by hand) is reused.
 */
public final class KeycloakServer {

    public static final String REALM = "mfa-portal";
    private static final int PORT = Integer.getInteger("keycloak.port", 18180);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static volatile URI url;

    private KeycloakServer() {
    }

    /** The server's base URL, starting it first if needed. */
    public static synchronized URI url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    /** The realm's issuer URL. */
    public static String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    private static URI start() {
        String external = System.getenv("KEYCLOAK_URL");
        if (external != null && !external.isBlank()) {
            return URI.create(external.replaceAll("/$", ""));
        }
        URI base = URI.create("http://127.0.0.1:" + PORT);
        if (realmAnswers(base)) {
            return base;
        }
        Path home = unpacked();
        Path data = home.resolve("data");
        deleteRecursively(data.resolve("h2"));
        try {
            Files.createDirectories(data.resolve("import"));
            Files.copy(Path.of("config/keycloak/mfa-portal-realm.json"), data.resolve("import/mfa-portal-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            Path log = Path.of("target/keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + PORT, "--http-management-port=" + (PORT + 10),
                    "--import-realm", "--cache=local")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", javaHomeForKeycloak().toString());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!realmAnswers(base)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
                }
                if (Instant.now().isAfter(deadline)) {
                    stop(process);
                    throw new IllegalStateException("Keycloak did not start within " + START_TIMEOUT + "; see " + log);
                }
                // Waiting for an external process to finish starting; there is no event to wait on.
                Thread.sleep(250);
            }
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean realmAnswers(URI base) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/realms/" + REALM + "/.well-known/openid-configuration"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The unpacked distribution, cached across builds in ~/.cache/mfa-portal. A server on another port than the
     * default gets its own copy: Keycloak keeps its data (and re-augmentation output) inside its home.
     */
    private static Path unpacked() {
        String version = System.getProperty("keycloak.version", "26.5.6");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "mfa-portal");
        Path base = unpackedDistribution(cache, version);
        if (PORT == 18180) {
            return base;
        }
        Path home = cache.resolve("keycloak-" + version + "-" + PORT);
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            run(new ProcessBuilder("cp", "-a", base.toString(), home.toString()), "copy " + base);
        }
        return home;
    }

    private static Path unpackedDistribution(Path cache, String version) {
        Path home = cache.resolve("keycloak-" + version);
        if (Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path archive = Path.of("target/keycloak/keycloak-quarkus-dist-" + version + ".tar.gz");
        if (!Files.exists(archive)) {
            throw new IllegalStateException("Missing " + archive + ": run the tests through Maven (./mvnw verify), "
                    + "which fetches the Keycloak distribution from Maven Central");
        }
        try {
            Files.createDirectories(cache);
            Path staging = Files.createTempDirectory(cache, "unpack-");
            Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString(), "-C", staging.toString())
                    .inheritIO().start();
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("Could not unpack " + archive);
            }
            Files.move(staging.resolve("keycloak-" + version), home);
            deleteRecursively(staging);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(ProcessBuilder builder, String what) {
        try {
            if (builder.inheritIO().start().waitFor() != 0) {
                throw new IllegalStateException("Could not " + what);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keycloak 26 needs Java 21 or newer; the build itself runs on 17. */
    static Path javaHomeForKeycloak() {
        String configured = System.getenv("KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Jdks.atLeast(21).orElseThrow(() -> new IllegalStateException(
                "Keycloak needs Java 21+: install one under /usr/lib/jvm or set KEYCLOAK_JAVA_HOME"));
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
