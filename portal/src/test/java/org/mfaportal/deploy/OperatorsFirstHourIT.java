package org.mfaportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.testing.Polling.awaitTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.KeycloakServer;
import org.mfaportal.testing.LocalDatabases;
import org.mfaportal.testing.Repository;
import org.mfaportal.testing.StandaloneEmulator;
import org.mfaportal.testing.Subprocess;

/**
 * The packaged portal started the way docs/operations.md says, by someone who gets things wrong: every missing
 * setting named at once with its environment variable before anything touches the database, one clear line for a
 * database that does not exist or refuses the login, a start with everything right that logs no warning at all, and a
 * readiness answer (and one log line) that says what is wrong with AWS.
 */
class OperatorsFirstHourIT {

    static Path jar;
    static Path workingDirectory;

    @BeforeAll
    static void packagedApp() throws IOException {
        jar = Repository.path("portal/target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).exists();
        // An empty folder: no config/application.properties or .env of the build tree.
        workingDirectory = Files.createTempDirectory("first-hour");
    }

    @Test
    void withNothingSetEveryMissingSettingIsNamedAtOnceBeforeTheDatabase() {
        Subprocess start = portal(Map.of(), List.of()).run(Duration.ofSeconds(60));

        assertThat(start.exitValue()).isNotZero();
        assertThat(start.output()).contains("QUARKUS_OIDC_AUTH_SERVER_URL", "PORTAL_OIDC_CLIENT_SECRET",
                "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", "QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET",
                "(4 problems)")
                .doesNotContainIgnoringCase("flyway").doesNotContain("\tat ", "Exception", "deprecated");
    }

    @Test
    void aDatabaseThatDoesNotExistGetsOneClearLine() {
        Map<String, String> environment = new HashMap<>(required());
        environment.put("PORTAL_DB_URL", "jdbc:postgresql://127.0.0.1:5432/no_such_database_for_the_portal");
        environment.put("PORTAL_DB_USER", "postgres");
        Subprocess start = portal(environment, List.of()).run(Duration.ofSeconds(60));

        assertThat(start.exitValue()).isNotZero();
        assertThat(start.output().strip().lines()).last().asString()
                .contains("no_such_database_for_the_portal", "does not exist", "PORTAL_DB_URL");
        assertThat(start.output()).doesNotContain("\tat ", "Exception").doesNotContainIgnoringCase("flyway");
    }

    @Test
    void aLoginTheDatabaseRefusesGetsOneClearLine() {
        Map<String, String> environment = new HashMap<>(required());
        environment.put("PORTAL_DB_URL", LocalDatabases.ensure(database()));
        environment.put("PORTAL_DB_USER", "no_such_role_for_the_portal");
        environment.put("PORTAL_DB_PASSWORD", "a-password-that-must-not-show");
        Subprocess start = portal(environment, List.of()).run(Duration.ofSeconds(60));

        assertThat(start.exitValue()).isNotZero();
        assertThat(start.output()).contains("refuses the login", "no_such_role_for_the_portal", "PORTAL_DB_USER",
                "PORTAL_DB_PASSWORD").doesNotContain("a-password-that-must-not-show", "\tat ", "Exception");
    }

    @Test
    void aCorrectStartWarnsOfNoDeprecatedSettingAndReadinessSaysTheAwsEndpointDoesNotAnswer() throws Exception {
        int managementPort = freePort();
        int httpPort = freePort();
        int closedPort = freePort();
        Map<String, String> environment = new HashMap<>(required());
        environment.put("QUARKUS_OIDC_AUTH_SERVER_URL", KeycloakServer.realmUrl());
        environment.put("PORTAL_DB_URL", LocalDatabases.ensure(database()));
        environment.put("PORTAL_DB_USER", "postgres");
        environment.put("PORTAL_AWS_ENDPOINT", "http://127.0.0.1:" + closedPort);
        environment.put("AWS_ACCESS_KEY_ID", "AKIAFIRSTHOURTEST001");
        environment.put("AWS_SECRET_ACCESS_KEY", "first-hour-secret-never-logged");
        environment.put("AWS_REGION", "us-east-1");
        Path log = Path.of("target", "first-hour-" + httpPort + ".log");
        Files.deleteIfExists(log);
        Subprocess portal = portal(environment, List.of("-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.port=" + managementPort)).logTo(log).start();
        try {
            URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
            HttpResponse<String> answer = awaitAnswer(ready, Duration.ofSeconds(90));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("\"reason\": \"endpoint-unreachable\"")
                    .doesNotContain("AKIAFIRSTHOURTEST001", "first-hour-secret");
            String output = Files.readString(log);
            assertThat(output).contains("does not answer").contains("http://127.0.0.1:" + closedPort)
                    .doesNotContain("first-hour-secret-never-logged");
            assertThat(output.lines().filter(l -> l.contains("\"level\":\"WARN\"") && l.toLowerCase().contains("deprecated")))
                    .as("no warning about a deprecated setting (quarkus.swagger-ui.enable was one)").isEmpty();
        } finally {
            portal.stop(Duration.ofSeconds(30));
        }
    }

    @Test
    void aStartWithEverythingRightLogsNoWarningUpToReady() throws Exception {
        int managementPort = freePort();
        int httpPort = freePort();
        try (StandaloneEmulator emulator = StandaloneEmulator.start(freePort(), List.of())) {
            Map<String, String> environment = new HashMap<>(required());
            environment.put("QUARKUS_OIDC_AUTH_SERVER_URL", KeycloakServer.realmUrl());
            environment.put("PORTAL_DB_URL", LocalDatabases.ensure(database()));
            environment.put("PORTAL_DB_USER", "postgres");
            environment.put("PORTAL_AWS_ENDPOINT", emulator.endpoint().toString());
            environment.putAll(StandaloneEmulator.portalKey());
            Path log = Path.of("target", "first-hour-" + httpPort + ".log");
            Files.deleteIfExists(log);
            Subprocess portal = portal(environment, List.of("-Dquarkus.http.port=" + httpPort,
                    "-Dquarkus.management.port=" + managementPort)).logTo(log).start();
            try {
                HttpResponse<String> answer = awaitAnswer(URI.create("http://127.0.0.1:" + managementPort
                        + "/q/health/ready"), Duration.ofSeconds(90));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                // Quarkus logs "started in" right after its servers listen: a ready answer can come just before it.
                awaitTrue(() -> read(log).contains("started in"), Duration.ofMinutes(1));
                List<String> lines = Files.readAllLines(log);
                // Micrometer's warnings about duplicate gauges were such lines (EventLoopMeters, MetricsTags).
                assertThat(lines).as("WARN or ERROR lines of a start where nothing is wrong")
                        .noneMatch(l -> l.contains("\"level\":\"WARN\"") || l.contains("\"level\":\"ERROR\""));
            } finally {
                portal.stop(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void theStandaloneEmulatorCommandOfTheDocsRunsFromItsJarAlone() throws Exception {
        String docs = Files.readString(Repository.path("docs/emulator.md"));
        java.util.regex.Matcher block = java.util.regex.Pattern
                .compile("```\\n(java -jar mfa-portal-emulator-standalone\\.jar [^`]*?)```").matcher(docs);
        assertThat(block.find()).as("docs/emulator.md shows the standalone command").isTrue();
        int port = freePort();
        String command = block.group(1).replace("--port 4566", "--port " + port);
        assertThat(command).contains("--port " + port);
        Path folder = Files.createTempDirectory("emulator-alone");
        Files.copy(StandaloneEmulator.jar(), folder.resolve("mfa-portal-emulator-standalone.jar"));
        Subprocess emulator = Subprocess.of("bash", "-c", "exec " + command).directory(folder).start();
        try {
            emulator.await(java.util.regex.Pattern.compile("listening on http://127.0.0.1:" + port), Duration.ofSeconds(60));
            HttpResponse<String> state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/_emulator/state")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(state.statusCode()).isEqualTo(200);
            assertThat(state.body()).contains("\"users\":3", "engineer-admin", "\"propagationDelaySeconds\":5");
        } finally {
            emulator.stop(Duration.ofSeconds(10));
        }
    }

    /** The four settings production requires, with demo values. */
    private static Map<String, String> required() {
        return Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:9/realms/mfa-portal",
                "PORTAL_OIDC_CLIENT_SECRET", "mfa-portal-demo-secret-change-me",
                "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", "first-hour-session-secret-0123456789abcdef",
                "QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET", "first-hour-state-secret-0123456789abcdefgh");
    }

    private static String database() {
        return System.getProperty("browser-suite.database", "test_browser");
    }

    /** The packaged app with exactly {@code environment} (nothing inherited but PATH), in the prod profile. */
    private static Subprocess.Builder portal(Map<String, String> environment, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> exact = new HashMap<>(environment);
        exact.put("PATH", System.getenv("PATH"));
        return Subprocess.of(command).environment(exact).directory(workingDirectory);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> awaitAnswer(URI uri, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpClient client = HttpClient.newHttpClient();
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("No answer from " + uri + " within " + timeout, e);
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
