package org.mfaportal.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.mfaportal.testing.Polling.awaitTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.AwsClients;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.emulator.AwsEmulator;
import org.mfaportal.emulator.EmulatorServer;
import org.mfaportal.emulator.EmulatorSettings;
import org.mfaportal.emulator.LatencyModel;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.KeycloakServer;
import org.mfaportal.testing.LocalDatabases;
import org.mfaportal.testing.PortalProcess;
import org.mfaportal.testing.Tokens;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Two replicas of the packaged portal on different ports, sharing PostgreSQL, Keycloak and one standalone
 * emulator (AWS), prove the portal is stateless: any replica serves any step. Also: a replica killed in the
 * middle of an issuance leaves no access key once a sweeper has run.
 */
class ReplicasIT {

    static AwsEmulator aws;
    static EmulatorServer emulator;
    static IamGateway iam;
    static AwsClients clients;
    static PortalProcess a;
    static PortalProcess b;
    static Map<String, String> settings;
    static Map<String, String> environment;
    static String database;
    /** The replicas' ports: {@code replicas.ports} (the pom's {@code it.replica.ports}), so runs can sit side by side. */
    static final int[] PORTS = java.util.Arrays.stream(System.getProperty("replicas.ports", "18083,18084").split(","))
            .mapToInt(p -> Integer.parseInt(p.strip())).toArray();

    @BeforeAll
    static void startReplicas() {
        aws = new AwsEmulator(EmulatorSettings.defaults()
                .withSeedUsers(EmulatorSettings.SeedUser.parseAll("/engineers/:vera,walt,xena")));
        emulator = new EmulatorServer(aws);
        URI endpoint = emulator.start("127.0.0.1", 0);
        clients = new AwsClients("us-east-1", endpoint, EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID,
                EmulatorSettings.DEFAULT_PORTAL_SECRET, 3, Duration.ofSeconds(10), Duration.ofSeconds(5));
        iam = new IamGateway(clients);
        // The packaged-app tests' own database (it.database), apart from the @QuarkusTest suite's.
        database = LocalDatabases.ensure(System.getProperty("browser-suite.database", "test_browser"));
        settings = Map.of("quarkus.profile", "test", "quarkus.oidc.auth-server-url", KeycloakServer.realmUrl(),
                "quarkus.datasource.jdbc.url", database, "quarkus.flyway.clean-at-start", "false",
                "portal.emulator.enabled", "false", "portal.aws.endpoint", endpoint.toString(),
                "portal.credentials.sweeper-interval", "1s", "portal.credentials.sweeper-grace", "3s");
        environment = Map.of("AWS_ACCESS_KEY_ID", EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", EmulatorSettings.DEFAULT_PORTAL_SECRET, "AWS_REGION", "us-east-1");
        a = new PortalProcess(PORTS[0], settings, environment).start();
        b = new PortalProcess(PORTS[1], settings, environment).start();
    }

    @AfterAll
    static void stopReplicas() {
        a.close();
        b.close();
        clients.close();
        emulator.stop();
    }

    @Test
    void anEnrollmentStartedOnOneReplicaCompletesOnTheOther() {
        String token = Tokens.accessToken("vera");
        JsonPath enrollment = given().baseUri(a.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment").then().statusCode(201).extract().jsonPath();
        String seed = enrollment.getString("secret");
        Instant now = aws.clock().instant();

        given().baseUri(b.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", enrollment.getString("serialNumber"), "code1",
                        Totp.code(seed, now.minusSeconds(30)), "code2", Totp.code(seed, now)))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(200);

        given().baseUri(a.url().toString()).auth().oauth2(token).when().get("/api/v1/me")
                .then().body("mfaState", equalTo("ACTIVE"));
        removeDevices("vera");
        aws.advanceClock(Duration.ofSeconds(30));
    }

    @Test
    void aLockoutOnOneReplicaHoldsOnTheOther() {
        String token = Tokens.accessToken("walt");
        JsonPath enrollment = given().baseUri(a.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment").then().statusCode(201).extract().jsonPath();
        String serial = enrollment.getString("serialNumber");
        for (int attempt = 1; attempt <= 5; attempt++) {
            given().baseUri(a.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("serialNumber", serial, "code1", "000000", "code2", "000001"))
                    .when().post("/api/v1/mfa/enrollment/activate")
                    .then().statusCode(attempt < 5 ? 400 : 423);
        }
        String seed = enrollment.getString("secret");
        Instant now = aws.clock().instant();
        given().baseUri(b.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", serial, "code1", Totp.code(seed, now.minusSeconds(30)), "code2",
                        Totp.code(seed, now)))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(423).body("code", equalTo("locked-out"));
        assertThat(iam.listMfaDevices("walt")).isEmpty();
    }

    @Test
    void manyWrongCodesInParallelOnTwoReplicasLetAtMostTheLimitReachAws() throws Exception {
        String token = Tokens.accessToken("xena");
        JsonPath enrollment = given().baseUri(a.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment").then().statusCode(201).extract().jsonPath();
        String body = "{\"serialNumber\":\"" + enrollment.getString("serialNumber")
                + "\",\"code1\":\"000000\",\"code2\":\"000001\"}";
        long before = aws.calls("EnableMFADevice");
        // IAM as a client some distance away sees it (80 ms a call, the emulator's realistic profile): on loopback
        // an answer takes a millisecond, and a check-then-count race would rarely show. Counted by the emulator.
        LatencyModel loopback = aws.latency();
        aws.setLatency(LatencyModel.Profile.REALISTIC.latency());
        HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(40))
                .build();
        java.util.Map<Integer, Long> statuses = new java.util.TreeMap<>();
        try {
            java.util.List<CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                PortalProcess replica = i % 2 == 0 ? a : b;
                answers.add(http.sendAsync(HttpRequest.newBuilder(replica.url().resolve(
                        "/api/v1/mfa/enrollment/activate")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                statuses.merge(answer.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode(), 1L, Long::sum);
            }
        } finally {
            aws.setLatency(loopback);
        }
        long reachedAws = aws.calls("EnableMFADevice") - before;
        assertThat(reachedAws).as("EnableMFADevice calls; answers %s", statuses).isLessThanOrEqualTo(5);
        assertThat(statuses.getOrDefault(400, 0L)).as("wrong-code answers %s", statuses).isLessThanOrEqualTo(4);
        assertThat(statuses.keySet()).as("answers").containsOnly(400, 423);
        assertThat(iam.listMfaDevices("xena")).isEmpty();
    }

    @Test
    void aSessionAndAFormFromOneReplicaAreAcceptedByTheOther() {
        BrowserSession browser = BrowserSession.signIn(a.url(), "vera");
        assertThat(browser.lastResponse().uri().getPort()).isEqualTo(PORTS[0]);

        Document home = browser.get(b.url().toString());
        assertThat(browser.lastResponse().uri().getPort()).as("no new sign-in").isEqualTo(PORTS[1]);
        assertThat(home.text()).contains("IAM user vera");

        Document fromA = browser.get(a.url().toString());
        Document enroll = browser.submitForm(fromA, "/mfa/enrollment", Map.of());
        assertThat(browser.status()).isEqualTo(200);
        assertThat(enroll.selectFirst("#secret")).isNotNull();
        removeDevices("vera");
    }

    @Test
    void aReplicaKilledDuringAnIssuanceLeavesNoAccessKeyOnceASweeperRan() throws Exception {
        String token = Tokens.accessToken("vera");
        JsonPath enrollment = given().baseUri(b.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment").then().statusCode(201).extract().jsonPath();
        String seed = enrollment.getString("secret");
        Instant now = aws.clock().instant();
        given().baseUri(b.url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", enrollment.getString("serialNumber"), "code1",
                        Totp.code(seed, now.minusSeconds(30)), "code2", Totp.code(seed, now)))
                .when().post("/api/v1/mfa/enrollment/activate").then().statusCode(200);
        aws.advanceClock(Duration.ofSeconds(30));

        // IAM will refuse the new key for 30 s: the issuance on A is stuck waiting when A is killed.
        aws.setPropagationDelay(Duration.ofSeconds(30));
        CompletableFuture<HttpResponse<String>> issuance = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(a.url().resolve("/api/v1/credentials")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + Totp.code(seed, aws.clock().instant())
                                + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Killed while waiting for IAM to accept the key: the key exists and the ledger names it.
        awaitTrue(() -> !iam.listAccessKeys("vera").isEmpty() && ledgerNamesAKeyOf("vera"), Duration.ofSeconds(20));
        a.kill();
        assertThat(issuance).failsWithin(Duration.ofSeconds(10));
        assertThat(iam.listAccessKeys("vera")).as("the crash left the key behind").hasSize(1);

        a = new PortalProcess(PORTS[0], settings, environment).start();
        awaitTrue(() -> iam.listAccessKeys("vera").isEmpty(), Duration.ofSeconds(30));
        aws.setPropagationDelay(Duration.ZERO);
        removeDevices("vera");
    }

    /** Whether the issuance ledger holds the id of a key of {@code user}'s (CreateAccessKey answered and was recorded). */
    private static boolean ledgerNamesAKeyOf(String user) {
        try (Connection c = DriverManager.getConnection(database, "postgres", "");
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM issued_access_key WHERE user_name = ? AND access_key_id IS NOT NULL")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the issuance ledger", e);
        }
    }

    private static void removeDevices(String user) {
        iam.listMfaDevices(user).forEach(d -> {
            iam.deactivateMfaDevice(user, d.serialNumber());
            iam.deleteVirtualMfaDevice(d.serialNumber());
        });
    }
}
