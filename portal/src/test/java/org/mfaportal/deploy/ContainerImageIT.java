package org.mfaportal.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.mfaportal.testing.Polling.awaitTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
import org.mfaportal.testing.KeycloakServer;
import org.mfaportal.testing.Podman;
import org.mfaportal.testing.Repository;
import org.mfaportal.testing.StandaloneEmulator;
import org.mfaportal.testing.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The container image, built from docker/Dockerfile with podman (on a Debian base made by mmdebstrap: no registry
 * needed, build-support/container-base.sh) and run as two replicas (host network, their own ports) against the real
 * Keycloak, PostgreSQL and the emulator's own jar: health on the management port only, sign-in, enrollment and
 * credentials across the replicas, a shared lockout, the non-root user and read-only root filesystem, JSON logs
 * without secrets, and a graceful stop on SIGTERM in the middle of an issuance. Writes the image's size and start-up
 * times to target/container-image-figures.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {

    static final String IMAGE = "localhost/mfa-portal:it";
    static final String RUN = "mfa-portal-it-" + ProcessHandle.current().pid();
    static final String CLIENT_SECRET = "mfa-portal-demo-secret-change-me";
    static final String SESSION_SECRET = "image-test-session-secret-0123456789abcdef";
    static final String STATE_SECRET = "image-test-state-secret-0123456789abcdefghij";
    static final ObjectMapper JSON = new ObjectMapper();

    static StandaloneEmulator emulator;
    static AwsClients clients;
    static IamGateway iam;
    static Replica a;
    static Replica b;
    /** vera's device seed, enrolled by one test and used by the SIGTERM test. */
    static String veraSeed;
    static final List<String> secretsSeen = new ArrayList<>();
    /** Every container this run started, removed at the end even when a start failed. */
    static final List<String> started = new ArrayList<>();
    static final Map<String, String> figures = new LinkedHashMap<>();

    /** One portal container. */
    record Replica(String name, int port, int managementPort) {
        URI url() {
            return URI.create("http://127.0.0.1:" + port + "/");
        }

        String management() {
            return "http://127.0.0.1:" + managementPort;
        }
    }

    @BeforeAll
    static void buildAndRun() throws Exception {
        Path root = Repository.root();
        assertThat(root.resolve("portal/target/quarkus-app/quarkus-run.jar")).exists();
        long buildStart = System.nanoTime();
        String base = Podman.baseImage();
        figures.put("base image", base);
        long imageStart = System.nanoTime();
        Podman.run(Duration.ofMinutes(10), "build", "--format", "docker", "--build-arg", "BASE_IMAGE=" + base,
                "-f", root.resolve("docker/Dockerfile").toString(), "-t", IMAGE, root.toString());
        figures.put("image build (podman build, AppCDS included)", seconds(System.nanoTime() - imageStart));
        figures.put("base + image build", seconds(System.nanoTime() - buildStart));
        long size = Long.parseLong(Podman.run(Duration.ofMinutes(1), "image", "inspect", "--format", "{{.Size}}", IMAGE).strip());
        figures.put("image size", String.format("%.0f MB (%d bytes)", size / 1e6, size));

        int emulatorPort = freePort();
        emulator = StandaloneEmulator.start(emulatorPort, List.of("--seed-users", "/engineers/:vera,walt,xena"));
        clients = new AwsClients("us-east-1", emulator.endpoint(), EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID,
                EmulatorSettings.DEFAULT_PORTAL_SECRET, 3, Duration.ofSeconds(10), Duration.ofSeconds(5));
        iam = new IamGateway(clients);
        String database = freshDatabase(System.getProperty("browser-suite.database", "test_browser") + "_image");
        String realm = KeycloakServer.realmUrl();
        secretsSeen.addAll(List.of(CLIENT_SECRET, SESSION_SECRET, STATE_SECRET, EmulatorSettings.DEFAULT_PORTAL_SECRET));

        a = start("a", database, realm);
        b = start("b", database, realm);
    }

    @AfterAll
    static void stop() throws IOException {
        for (String name : started) {
            Files.writeString(Path.of("target", name + ".log"), Podman.attempt(Duration.ofMinutes(1), "logs", name).output());
            Podman.attempt(Duration.ofMinutes(1), "rm", "-f", "-t", "5", name);
        }
        if (clients != null) {
            clients.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        StringBuilder report = new StringBuilder("Container image figures (ContainerImageIT)\n");
        figures.forEach((k, v) -> report.append(k).append(": ").append(v).append('\n'));
        Files.writeString(Path.of("target", "container-image-figures.txt"), report);
        System.out.print(report);
    }

    @Test
    @Order(1)
    void bothReplicasAreLiveAndReadyOnTheManagementPortOnly() {
        for (Replica r : new Replica[] { a, b }) {
            given().baseUri(r.management()).when().get("/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"));
            given().baseUri(r.management()).when().get("/q/health/live").then().statusCode(200);
            given().baseUri(r.management()).when().get("/q/metrics").then().statusCode(200);
            for (String path : new String[] { "/q/health/ready", "/q/metrics", "/q/swagger-ui" }) {
                given().baseUri(r.url().toString()).redirects().follow(false).when().get(path).then().statusCode(404);
            }
        }
    }

    @Test
    @Order(2)
    void theImageRunsAsItsNonRootUserOnAReadOnlyRootWithOnlyTmpWritable() {
        String status = Podman.run(Duration.ofMinutes(1), "exec", a.name(), "cat", "/proc/1/status");
        assertThat(status).containsPattern("(?m)^Uid:\\s+10001\\s+10001\\s+10001\\s+10001$")
                .containsPattern("(?m)^CapEff:\\s+0+$");
        assertThat(Podman.run(Duration.ofMinutes(1), "exec", a.name(), "cat", "/proc/1/cmdline")).startsWith("java");
        for (String path : new String[] { "/deployments/x", "/x", "/etc/x", "/var/tmp/x", "/nonexistent/x" }) {
            assertThat(Podman.attempt(Duration.ofMinutes(1), "exec", a.name(), "touch", path).exitValue())
                    .as("writing " + path).isNotZero();
        }
        assertThat(Podman.attempt(Duration.ofMinutes(1), "exec", a.name(), "touch", "/tmp/x").exitValue()).isZero();
        assertThat(Podman.run(Duration.ofMinutes(1), "inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", a.name()).strip())
                .isEqualTo("true");
    }

    @Test
    @Order(3)
    void theImageHoldsNoCompilerNoPackageCacheAndNoEmulator() {
        // stdout only: podman reports on stderr that it has no systemd for the image's HEALTHCHECK timer.
        String found = Podman.start(List.of("run", "--rm", "--network", "none", "--entrypoint", "bash",
                IMAGE, "-c", "command -v javac gcc cc apt-get; ls /var/cache/apt/archives/*.deb /var/lib/apt/lists/*_Packages "
                        + "2>/dev/null; find / -xdev -iname '*emulator*' 2>/dev/null; true"))
                .errorsApart().run(Duration.ofMinutes(2)).output();
        // apt-get itself belongs to the base (Debian's or Ubuntu's); its package lists and downloads must be gone.
        assertThat(found.lines().filter(l -> !l.endsWith("/apt-get"))).isEmpty();
    }

    @Test
    @Order(4)
    void aBrowserSessionStartedOnOneReplicaIsValidOnTheOther() {
        BrowserSession browser = BrowserSession.signIn(a.url(), "xena");
        assertThat(browser.lastResponse().uri().getPort()).isEqualTo(a.port());
        Document home = browser.get(b.url().toString());
        assertThat(browser.lastResponse().uri().getPort()).as("no new sign-in").isEqualTo(b.port());
        assertThat(home.text()).contains("IAM user xena");
    }

    @Test
    @Order(5)
    void enrollOnOneReplicaActivateOnTheOtherAndGetCredentialsFromEither() throws Exception {
        String token = Tokens.accessToken("vera");
        JsonPath enrollment = given().baseUri(a.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment").then().statusCode(201).extract().jsonPath();
        String seed = enrollment.getString("secret");
        veraSeed = seed;
        secretsSeen.add(seed);
        Instant now = emulatorNow();
        given().baseUri(b.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", enrollment.getString("serialNumber"), "code1",
                        Totp.code(seed, now.minusSeconds(30)), "code2", Totp.code(seed, now)))
                .when().post("/api/v1/mfa/enrollment/activate").then().statusCode(200);

        for (Replica r : new Replica[] { a, b }) {
            Instant next = advanceEmulatorClock(30);
            JsonPath credentials = given().baseUri(r.url().toString()).auth().oauth2(token)
                    .contentType(ContentType.JSON).body(Map.of("code", Totp.code(seed, next)))
                    .when().post("/api/v1/credentials?format=json").then().statusCode(200).extract().jsonPath();
            assertThat(credentials.getString("AccessKeyId")).startsWith("ASIA");
            secretsSeen.add(credentials.getString("SecretAccessKey"));
            secretsSeen.add(credentials.getString("SessionToken"));
        }
        assertThat(iam.listAccessKeys("vera")).as("the short-lived keys are gone").isEmpty();
    }

    @Test
    @Order(6)
    void aLockoutOnOneReplicaHoldsOnTheOther() throws Exception {
        String token = Tokens.accessToken("walt");
        JsonPath enrollment = given().baseUri(a.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment").then().statusCode(201).extract().jsonPath();
        String serial = enrollment.getString("serialNumber");
        secretsSeen.add(enrollment.getString("secret"));
        for (int attempt = 1; attempt <= 5; attempt++) {
            given().baseUri(a.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("serialNumber", serial, "code1", "000000", "code2", "000001"))
                    .when().post("/api/v1/mfa/enrollment/activate").then().statusCode(attempt < 5 ? 400 : 423);
        }
        String seed = enrollment.getString("secret");
        Instant now = emulatorNow();
        given().baseUri(b.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", serial, "code1", Totp.code(seed, now.minusSeconds(30)), "code2",
                        Totp.code(seed, now)))
                .when().post("/api/v1/mfa/enrollment/activate").then().statusCode(423).body("code", equalTo("locked-out"));
    }

    @Test
    @Order(7)
    void logsAreJsonLinesOnStdoutWithoutSecrets() {
        for (Replica r : new Replica[] { a, b }) {
            // podman logs writes the container's stdout to stdout and its stderr to stderr: keep them apart.
            var logs = Podman.start(List.of("logs", r.name())).errorsApart().run(Duration.ofMinutes(1));
            assertThat(logs.errors()).as(r.name() + " wrote nothing to stderr").isBlank();
            List<String> lines = logs.output().lines().toList();
            assertThat(lines).as(r.name() + " logged its start").anySatisfy(l -> assertThat(l).contains("started in"));
            for (String line : lines) {
                JsonNode entry = parse(line);
                assertThat(entry.has("level") && entry.has("message") && entry.has("timestamp")).as(line).isTrue();
            }
            for (String secret : secretsSeen) {
                assertThat(logs.output()).as("a secret in the log of " + r.name()).doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(8)
    void sigtermDuringAnIssuanceFinishesItAndLeavesNoKey() throws Exception {
        String token = Tokens.accessToken("vera");
        String seed = veraSeed;
        assertThat(seed).as("vera enrolled by an earlier test").isNotNull();
        Instant next = advanceEmulatorClock(30);
        // IAM refuses the fresh key for 4 s: the issuance is in the middle of waiting when the container is stopped.
        emulatorControl("/_emulator/propagation-delay", "{\"seconds\":4}");
        try {
            CompletableFuture<HttpResponse<String>> issuance = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(a.url().resolve("/api/v1/credentials?format=json"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + Totp.code(seed, next) + "\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            awaitTrue(() -> !iam.listAccessKeys("vera").isEmpty(), Duration.ofSeconds(20));
            long stopStart = System.nanoTime();
            Podman.run(Duration.ofMinutes(2), "stop", "--time", "30", a.name()); // SIGTERM, SIGKILL only after 30 s
            figures.put("graceful stop with an issuance in flight", seconds(System.nanoTime() - stopStart));

            HttpResponse<String> answer = issuance.get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            secretsSeen.add(JSON.readTree(answer.body()).path("SecretAccessKey").asText());
            assertThat(iam.listAccessKeys("vera")).as("no key left behind").isEmpty();
            String exit = Podman.run(Duration.ofMinutes(1), "inspect", "--format", "{{.State.ExitCode}}", a.name()).strip();
            assertThat(exit).as("stopped by SIGTERM, not killed").isIn("0", "143");
            String log = Podman.run(Duration.ofMinutes(1), "logs", a.name());
            assertThat(log).contains("stopped in");
        } finally {
            emulatorControl("/_emulator/propagation-delay", "{\"seconds\":0}");
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Replica start(String suffix, String database, String realm) throws Exception {
        Replica replica = new Replica(RUN + "-" + suffix, freePort(), freePort());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(replica.port()));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(replica.managementPort()));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", realm);
        env.put("PORTAL_OIDC_CLIENT_SECRET", CLIENT_SECRET);
        env.put("QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", SESSION_SECRET);
        env.put("QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET", STATE_SECRET);
        env.put("PORTAL_DB_URL", database);
        env.put("PORTAL_DB_USER", "postgres");
        env.put("PORTAL_AWS_ENDPOINT", emulator.endpoint().toString());
        env.put("PORTAL_AWS_FEDERATION_ENDPOINT", emulator.endpoint().resolve("/federation").toString());
        env.put("AWS_ACCESS_KEY_ID", EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", EmulatorSettings.DEFAULT_PORTAL_SECRET);
        env.put("AWS_REGION", "us-east-1");
        // As k8s/base/configmap.yaml: in-flight requests get 20 s to finish on SIGTERM.
        env.put("QUARKUS_SHUTDOWN_TIMEOUT", "20s");
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", replica.name(), "--network", "host",
                "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp:size=64m", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges"));
        // --read-only-tmpfs=false: podman's --read-only would add writable /run and /var/tmp; Docker's and Kubernetes'
        // read-only roots have only what is mounted, here /tmp.
        env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        args.add(IMAGE);
        long start = System.nanoTime();
        started.add(replica.name());
        Podman.run(Duration.ofMinutes(1), args.toArray(String[]::new));
        awaitTrue(() -> status(URI.create(replica.management() + "/q/health/ready")) == 200, Duration.ofMinutes(3));
        figures.put("start to ready, replica " + suffix + " (podman run -> /q/health/ready 200)",
                seconds(System.nanoTime() - start));
        return replica;
    }

    private static String freshDatabase(String name) throws Exception {
        assertThat(name).matches("[a-z_][a-z0-9_]*");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement s = c.createStatement()) {
            // a database name cannot be a bind parameter; checked to be a plain name above
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    private static Instant emulatorNow() throws Exception {
        return Instant.parse(JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                emulator.endpoint().resolve("/_emulator/clock")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("now").asText());
    }

    private static Instant advanceEmulatorClock(int seconds) throws Exception {
        emulatorControl("/_emulator/clock", "{\"advanceSeconds\":" + seconds + "}");
        return emulatorNow();
    }

    private static void emulatorControl(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                emulator.endpoint().resolve(path)).header("Content-Type", "application/json")
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

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("Not a JSON line: " + line, e);
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
