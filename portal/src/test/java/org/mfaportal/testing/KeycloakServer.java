package org.mfaportal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A real Keycloak for the test suite: the server distribution from Maven Central, unpacked once into
 * {@code ~/.cache/mfa-portal}, started on 127.0.0.1 with the repository's realm file, stopped when the test JVM
 * exits. A Keycloak already answering on the port (started by {@code .ci/run} or by hand) is reused.
 */
public final class KeycloakServer {

    public static final String REALM = "mfa-portal";
    private static final int PORT = Integer.getInteger("keycloak.port", 18180);
    /**
     * A first start on a fresh machine builds Keycloak's own Quarkus application (about two minutes on two idle cores)
     * before importing the realm; on a loaded machine the whole takes several times that.
     */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(Long.getLong("keycloak.start.minutes", 12));
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
            refreshRealmIfChanged(base);
            return base;
        }
        Path home = unpacked();
        Path data = home.resolve("data");
        deleteRecursively(data.resolve("h2"));
        try {
            Files.createDirectories(data.resolve("import"));
            Files.writeString(data.resolve("import/mfa-portal-realm.json"),
                    realmForTestPorts(Files.readString(Repository.path("config/keycloak/mfa-portal-realm.json"))));
            Subprocess process = Subprocess.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + PORT, "--http-management-port=" + (PORT + 10),
                    "--import-realm", "--cache=local")
                    .addEnvironment(Map.of("JAVA_HOME", javaHomeForKeycloak().toString(),
                            // JBoss Threads resets thread locals through java.lang internals, closed from Java 24 on:
                            // without this each worker thread dies on its first task with IllegalAccessError.
                            "JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                            "KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin"))
                    .logTo(Path.of("target/keycloak.log")).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> process.stop(Duration.ofSeconds(30))));
            try {
                process.awaitHttpOk(openIdConfiguration(base), START_TIMEOUT);
            } catch (IllegalStateException e) {
                process.stop(Duration.ofSeconds(30));
                throw e;
            }
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The repository's realm, with the portal's redirect URIs extended to the ports this test run serves the portal
     * on ({@code quarkus.http.test-port}, {@code replicas.ports}), so that a run on other ports than the defaults (the
     * guide's way of running suites side by side) can sign in. The realm file itself lists the default ports.
     */
    static String realmForTestPorts(String realmJson) throws IOException {
        Set<String> ports = new LinkedHashSet<>();
        String testPort = System.getProperty("quarkus.http.test-port");
        if (testPort != null && !testPort.isBlank()) {
            ports.add(testPort.strip());
        }
        for (String port : System.getProperty("replicas.ports", "").split(",")) {
            if (!port.isBlank()) {
                ports.add(port.strip());
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode realm = (ObjectNode) json.readTree(realmJson);
        for (JsonNode client : realm.path("clients")) {
            if (!Tokens.PORTAL_CLIENT.equals(client.path("clientId").asText())) {
                continue;
            }
            ArrayNode redirects = (ArrayNode) client.path("redirectUris");
            ObjectNode attributes = (ObjectNode) client.path("attributes");
            StringBuilder logout = new StringBuilder(attributes.path("post.logout.redirect.uris").asText());
            for (String port : ports) {
                if (!port.matches("\\d{1,5}")) {
                    throw new IllegalArgumentException("Not a port: " + port);
                }
                for (String host : List.of("127.0.0.1", "localhost")) {
                    String uri = "http://" + host + ":" + port + "/*";
                    if (!redirects.toString().contains("\"" + uri + "\"")) {
                        redirects.add(uri);
                        logout.append(logout.isEmpty() ? "" : "##").append(uri);
                    }
                }
            }
            attributes.put("post.logout.redirect.uris", logout.toString());
        }
        ObjectNode realmAttributes = realm.has("attributes") ? (ObjectNode) realm.get("attributes")
                : realm.putObject("attributes");
        realmAttributes.put(REALM_DIGEST, digest(realmJson + ports));
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(realm);
    }

    private static String digest(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    /** The realm attribute holding a digest of the realm file a running Keycloak imported. */
    static final String REALM_DIGEST = "mfaPortalTestRealmDigest";

    /**
     * A Keycloak left running from an earlier build (reused to save its start-up) may hold an older realm than the
     * repository's: then the realm is replaced through the admin API, so that a changed realm (a new audience, a new
     * client) reaches every running test Keycloak without anyone restarting it.
     */
    private static void refreshRealmIfChanged(URI base) {
        try {
            String realm = realmForTestPorts(Files.readString(Repository.path("config/keycloak/mfa-portal-realm.json")));
            String digest = new ObjectMapper().readTree(realm).path("attributes").path(REALM_DIGEST).asText();
            HttpClient http = HttpClient.newHttpClient();
            String admin = Tokens.encode(Map.of("grant_type", "password", "client_id", "admin-cli", "username",
                    "admin", "password", "admin"));
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(admin)).build(), HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                return; // not ours to administer (an external Keycloak): use it as it is
            }
            String bearer = "Bearer " + new ObjectMapper().readTree(token.body()).get("access_token").asText();
            HttpResponse<String> current = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + REALM))
                    .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofString());
            String running = new ObjectMapper().readTree(current.body()).path("attributes").path(REALM_DIGEST).asText();
            if (digest.equals(running)) {
                return;
            }
            http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + REALM)).header("Authorization", bearer)
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms"))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(realm)).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("Could not re-import the realm: " + created.statusCode() + " "
                        + created.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI openIdConfiguration(URI base) {
        return URI.create(base + "/realms/" + REALM + "/.well-known/openid-configuration");
    }

    private static boolean realmAnswers(URI base) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(openIdConfiguration(base))
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
            run(List.of("cp", "-a", base.toString(), home.toString()), "copy " + base);
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
            run(List.of("tar", "xzf", archive.toAbsolutePath().toString(), "-C", staging.toString()), "unpack " + archive);
            Files.move(staging.resolve("keycloak-" + version), home);
            deleteRecursively(staging);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, String what) {
        Subprocess process = Subprocess.of(command).run(Duration.ofMinutes(5));
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Could not " + what + ":\n" + process.output());
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
