package org.mfaportal.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.mfaportal.testing.Polling.awaitTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mfaportal.aws.AwsClients;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.emulator.EmulatorSettings;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.Jdks;
import org.mfaportal.testing.Podman;
import org.mfaportal.testing.Repository;
import org.mfaportal.testing.Subprocess;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * docker/compose.yaml brought up whole with podman-compose, as a Docker user brings it up with {@code docker compose
 * up}: the portal image built from docker/Dockerfile, the emulator's jar in it, Keycloak with the demo realm and
 * PostgreSQL, on the stack's own network, talking to each other by service name. The build machines reach no
 * registry, so build-support/compose/compose.local-images.yaml swaps the public Keycloak and PostgreSQL images for
 * local stand-ins (the same Keycloak distribution; Debian's PostgreSQL; build-support/compose/service-images.sh);
 * every other line of the stack is the file a user runs. Through the ports the stack publishes on the host, it checks
 * readiness and liveness, a start without warnings, a browser sign-in through the stack's Keycloak, an enrollment
 * and credentials for the realm's alice against the stack's emulator, and the portal's read-only root as its
 * non-root user.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

    static final String PROJECT = "mfa-portal-compose-it-" + ProcessHandle.current().pid();
    /** What compose.yaml's portal service names as its image; podman resolves the short name to localhost/. */
    static final String PORTAL_IMAGE = "localhost/mfa-portal:local";
    static final ObjectMapper JSON = new ObjectMapper();

    static final Map<String, String> ports = new LinkedHashMap<>();
    static final Map<String, String> figures = new LinkedHashMap<>();
    static Map<String, String> environment;
    static boolean up;

    @BeforeAll
    static void upTheStack() throws Exception {
        Path root = Repository.root();
        assertThat(root.resolve("portal/target/quarkus-app/quarkus-run.jar")).exists();
        assertThat(root.resolve("emulator/target/mfa-portal-emulator-standalone.jar")).exists();
        String base = Podman.baseImage();
        long start = System.nanoTime();
        // As `docker compose up --build` builds it, on the local base (BASE_IMAGE) instead of the public one.
        Podman.run(Duration.ofMinutes(10), "build", "--format", "docker", "--build-arg", "BASE_IMAGE=" + base,
                "-f", root.resolve("docker/Dockerfile").toString(), "-t", PORTAL_IMAGE, root.toString());
        String[] services = serviceImages();
        figures.put("images (portal build, Keycloak and PostgreSQL stand-ins made or found)", seconds(System.nanoTime() - start));

        for (String name : List.of("PORTAL_PORT", "PORTAL_MANAGEMENT_PORT", "KEYCLOAK_PORT", "EMULATOR_PORT", "POSTGRES_PORT")) {
            ports.put(name, String.valueOf(freePort()));
        }
        environment = new LinkedHashMap<>(ports);
        environment.put("COMPOSE_KEYCLOAK_IMAGE", services[0]);
        environment.put("COMPOSE_POSTGRES_IMAGE", services[1]);
        environment.put("CONTAINERS_CONF", Podman.containersConf().toString());

        // podman-compose 1.0.3 starts services in dependency order but does not wait for `condition: service_healthy`
        // (and podman runs no health checks without systemd): wait for the three dependencies here as Docker would,
        // then start the portal.
        up = true;
        start = System.nanoTime();
        compose(Duration.ofMinutes(5), "up", "-d", "postgres", "keycloak", "aws-emulator");
        awaitTrue(() -> {
            try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + ports.get("POSTGRES_PORT")
                    + "/mfa_portal", "mfa_portal", "mfa-portal-local")) {
                return c.isValid(5);
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofMinutes(3));
        awaitTrue(() -> status(URI.create(emulator() + "/_emulator/state")) == 200, Duration.ofMinutes(3));
        // Keycloak's start-dev builds itself and imports the realm first: minutes on a busy 2-core machine.
        awaitTrue(() -> status(URI.create(keycloak() + "/realms/mfa-portal/.well-known/openid-configuration")) == 200,
                Duration.ofMinutes(10));
        figures.put("Keycloak, PostgreSQL and the emulator up", seconds(System.nanoTime() - start));
        start = System.nanoTime();
        compose(Duration.ofMinutes(5), "up", "-d", "portal");
        awaitTrue(() -> status(URI.create(management() + "/q/health/ready")) == 200, Duration.ofMinutes(5));
        figures.put("portal: up to ready", seconds(System.nanoTime() - start));
    }

    @AfterAll
    static void down() throws IOException {
        if (!up) {
            return;
        }
        for (String service : List.of("portal", "keycloak", "postgres", "aws-emulator")) {
            Files.writeString(Path.of("target", "compose-" + service + ".log"),
                    Podman.attempt(Duration.ofMinutes(1), "logs", container(service)).output());
        }
        compose(Duration.ofMinutes(3), "down", "-v");
        // podman-compose 1.0.3 leaves the project's network behind.
        Podman.attempt(Duration.ofMinutes(1), "network", "rm", "-f", PROJECT + "_default");
        StringBuilder report = new StringBuilder("Compose stack figures (ComposeStackIT)\n");
        figures.forEach((k, v) -> report.append(k).append(": ").append(v).append('\n'));
        Files.writeString(Path.of("target", "compose-stack-figures.txt"), report);
        System.out.print(report);
    }

    @Test
    @Order(1)
    void thePortalIsReadyAndLiveOnItsManagementPortWithTheDatabaseAndTheEmulatorUp() {
        given().baseUri(management()).when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"));
        given().baseUri(management()).when().get("/q/health/live").then().statusCode(200);
        given().baseUri(portal()).redirects().follow(false).when().get("/q/health/ready").then().statusCode(404);
    }

    @Test
    @Order(2)
    void thePortalStartedWithoutAWarning() {
        // Quarkus logs "started in" right after its servers listen: a ready answer can come just before it.
        awaitTrue(() -> Podman.run(Duration.ofMinutes(1), "logs", container("portal")).contains("started in"),
                Duration.ofMinutes(1));
        var logs = Podman.start(List.of("logs", container("portal"))).errorsApart().run(Duration.ofMinutes(1));
        assertThat(logs.output().lines()).as("WARN or ERROR lines of the compose stack's portal")
                .noneMatch(l -> l.contains("\"level\":\"WARN\"") || l.contains("\"level\":\"ERROR\""));
        assertThat(logs.errors()).as("the portal wrote nothing to stderr").isBlank();
    }

    @Test
    @Order(3)
    void aBrowserSignsInThroughTheStacksKeycloak() {
        // Keycloak is reached on localhost:KEYCLOAK_PORT, as KC_HOSTNAME tells the browser.
        BrowserSession browser = BrowserSession.signIn(URI.create(portal() + "/"), "alice");
        Document home = browser.get(portal() + "/");
        assertThat(browser.lastResponse().uri().getPort()).isEqualTo(Integer.parseInt(ports.get("PORTAL_PORT")));
        assertThat(home.text()).contains("IAM user alice");
    }

    @Test
    @Order(4)
    void aliceEnrollsAndGetsCredentialsFromTheStacksEmulator() throws Exception {
        String token = accessToken("alice");
        JsonPath enrollment = given().baseUri(portal()).auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment").then().statusCode(201).extract().jsonPath();
        String seed = enrollment.getString("secret");
        Instant now = emulatorNow();
        given().baseUri(portal()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", enrollment.getString("serialNumber"), "code1",
                        Totp.code(seed, now.minusSeconds(30)), "code2", Totp.code(seed, now)))
                .when().post("/api/v1/mfa/enrollment/activate").then().statusCode(200);

        emulatorControl("/_emulator/clock", "{\"advanceSeconds\":30}");
        JsonPath credentials = given().baseUri(portal()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", Totp.code(seed, emulatorNow())))
                .when().post("/api/v1/credentials?format=json").then().statusCode(200)
                .header("Cache-Control", "no-store").extract().jsonPath();
        assertThat(credentials.getString("AccessKeyId")).startsWith("ASIA");
        try (AwsClients clients = new AwsClients("us-east-1", URI.create(emulator()),
                EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID, EmulatorSettings.DEFAULT_PORTAL_SECRET, 3,
                Duration.ofSeconds(10), Duration.ofSeconds(5))) {
            assertThat(new IamGateway(clients).listAccessKeys("alice")).as("the short-lived key is gone").isEmpty();
        }
    }

    @Test
    @Order(5)
    void thePortalRunsAsItsNonRootUserOnAReadOnlyRoot() {
        String status = Podman.run(Duration.ofMinutes(1), "exec", container("portal"), "cat", "/proc/1/status");
        assertThat(status).containsPattern("(?m)^Uid:\\s+10001\\s+10001\\s+10001\\s+10001$")
                .containsPattern("(?m)^CapEff:\\s+0+$");
        assertThat(Podman.attempt(Duration.ofMinutes(1), "exec", container("portal"), "touch", "/deployments/x")
                .exitValue()).isNotZero();
        assertThat(Podman.attempt(Duration.ofMinutes(1), "exec", container("portal"), "touch", "/tmp/x")
                .exitValue()).isZero();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** build-support/compose/service-images.sh: the Keycloak and PostgreSQL stand-ins, made once and kept. */
    private static String[] serviceImages() {
        String version = System.getProperty("keycloak.version");
        assertThat(version).as("keycloak.version (set by the build)").isNotBlank();
        Path dist = Repository.path("portal/target/keycloak/keycloak-quarkus-dist-" + version + ".tar.gz");
        assertThat(dist).as("the Keycloak distribution the build downloads").exists();
        Path jdk = Jdks.atLeast(21).orElseThrow(() -> new IllegalStateException("Keycloak needs Java 21+"));
        Subprocess script = Subprocess.of(Repository.path("build-support/compose/service-images.sh").toString(),
                dist.toAbsolutePath().toString(), jdk.toString())
                .addEnvironment(Map.of("CONTAINERS_CONF", Podman.containersConf().toString())).errorsApart()
                .run(Duration.ofMinutes(20));
        if (script.exitValue() != 0) {
            throw new IllegalStateException("service-images.sh failed:\n" + script.output() + script.errors());
        }
        String[] images = script.output().strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        assertThat(images).hasSize(2);
        return images;
    }

    /** podman-compose on docker/compose.yaml with the test override, in this run's own project. */
    private static void compose(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman-compose", "-p", PROJECT,
                "-f", Repository.path("docker/compose.yaml").toString(),
                "-f", Repository.path("build-support/compose/compose.local-images.yaml").toString()));
        command.addAll(List.of(args));
        Subprocess process = Subprocess.of(command).addEnvironment(environment).directory(Repository.path("docker"))
                .run(timeout);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                    + process.output());
        }
    }

    /** podman-compose 1.0.3 names containers PROJECT_SERVICE_1. */
    private static String container(String service) {
        return PROJECT + "_" + service + "_1";
    }

    private static String portal() {
        return "http://127.0.0.1:" + ports.get("PORTAL_PORT");
    }

    private static String management() {
        return "http://127.0.0.1:" + ports.get("PORTAL_MANAGEMENT_PORT");
    }

    private static String keycloak() {
        return "http://localhost:" + ports.get("KEYCLOAK_PORT");
    }

    private static String emulator() {
        return "http://127.0.0.1:" + ports.get("EMULATOR_PORT");
    }

    /** A token from the stack's Keycloak (password grant of the realm's portal client; password = user name). */
    private static String accessToken(String user) throws Exception {
        Map<String, String> form = Map.of("grant_type", "password", "client_id", "mfa-portal", "client_secret",
                "mfa-portal-demo-secret-change-me", "username", user, "password", user, "scope", "openid");
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(keycloak() + "/realms/mfa-portal/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static Instant emulatorNow() throws Exception {
        return Instant.parse(JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(emulator() + "/_emulator/clock")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("now").asText());
    }

    private static void emulatorControl(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(emulator() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 299);
    }

    private static int status(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
