package org.mfaportal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.KeycloakServer;
import org.mfaportal.testing.LocalDatabases;
import org.mfaportal.testing.PortalProcess;
import org.mfaportal.testing.StandaloneEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the benchmarks run against, all on loopback and on the bench's own ports (18700-18799): the packaged
 * portal as a process, a standalone emulator as a process (AWS), Keycloak on {@code -Dkeycloak.port} (18680
 * from bench/run.sh), PostgreSQL database {@code test_bench}. Everything it starts it stops in {@link #close()},
 * which also runs from a shutdown hook, so a failed or interrupted run leaves nothing behind.
 */
final class BenchEnvironment implements AutoCloseable {

    /**
     * First of the bench's ports ({@code -Dbench.port-base}, {@code BENCH_PORT_BASE} in bench/run.sh): the main
     * portal on it, footprint restarts on +1, soak and scale portals on +2, the emulators on +10 and +11.
     */
    static final int PORT_BASE = Integer.getInteger("bench.port-base", 18710);
    static final int PORTAL_PORT = PORT_BASE;
    static final int FOOTPRINT_PORT = PORT_BASE + 1;
    static final int SIDE_PORTAL_PORT = PORT_BASE + 2;
    static final int EMULATOR_PORT = PORT_BASE + 10;
    static final int SCALE_EMULATOR_PORT = PORT_BASE + 11;
    /** PostgreSQL database of the bench's portals ({@code -Dbench.database}, {@code BENCH_DATABASE}). */
    static final String DATABASE = System.getProperty("bench.database", "test_bench");
    /** Bench users: created in Keycloak through its admin API at run time (the realm file stays small). */
    static final int USERS = 100;
    static final String CLI_USER = "clibench";
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<StandaloneEmulator> emulators = new ArrayList<>();
    PortalProcess portal;
    URI emulator;

    static List<String> userNames() {
        return IntStream.rangeClosed(1, USERS).mapToObj(i -> String.format("bench%03d", i)).toList();
    }

    /** Starts the emulator and the portal (and Keycloak, if not running) with the bench users in place. */
    BenchEnvironment start() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        emulator = startEmulator(EMULATOR_PORT, List.of("--seed-users",
                "/engineers/:" + String.join(",", userNames()) + "," + CLI_USER + ",bob"));
        KeycloakServer.url();
        createKeycloakUsers(userNames());
        portal = new PortalProcess(PORTAL_PORT, portalSettings(emulator), portalEnvironment()).start();
        return this;
    }

    /** Restarts the main portal with other JVM options (same settings, same database, same emulator). */
    void restartPortal(String jvmOptions) {
        portal.close();
        Map<String, String> environment = new LinkedHashMap<>(portalEnvironment());
        environment.put("JAVA_TOOL_OPTIONS", jvmOptions);
        Map<String, String> settings = new LinkedHashMap<>(portalSettings(emulator));
        settings.put("quarkus.flyway.clean-at-start", "false");
        portal = new PortalProcess(PORTAL_PORT, settings, environment).start();
    }

    static Map<String, String> portalSettings(URI awsEndpoint) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("quarkus.profile", "test");
        s.put("quarkus.oidc.auth-server-url", KeycloakServer.realmUrl());
        s.put("quarkus.datasource.jdbc.url", LocalDatabases.ensure(DATABASE));
        s.put("quarkus.flyway.clean-at-start", "true");
        s.put("portal.emulator.enabled", "false");
        s.put("portal.aws.endpoint", awsEndpoint.toString());
        // production's backoff, not the test profile's
        s.put("portal.credentials.key-propagation-initial-backoff", "100ms");
        s.put("portal.credentials.key-propagation-max-backoff", "250ms");
        // A code that goes stale under load (the clock ticker outran the request) must show as an error, not
        // lock the bench user out for 15 minutes and turn the rest of the run into 423s.
        s.put("portal.lockout.max-failures", "1000000");
        // 100 users issuing for minutes on end are far above a person's limit; the limiter still counts every
        // call in the database, so its cost stays in the figures.
        s.put("portal.rate-limit.credentials", "100000000");
        s.put("portal.rate-limit.enrollment", "100000000");
        return s;
    }

    /**
     * JVM options of the bench's portal processes ({@code bench.portal.jvm}, or {@code BENCH_PORTAL_JVM} in the
     * environment: options with spaces pass through {@code bench/run.sh} unharmed that way). The default is what the container
     * image's {@code JAVA_OPTS} come to under the 768 MiB, 1 CPU limit of {@code k8s/base}: a heap of 75 % and
     * 25 % of the limit, and the serial collector, which the JVM picks itself for a container that small (it
     * would pick G1 on this 2-core, 24 GiB machine).
     */
    static String portalJvmOptions() {
        return System.getProperty("bench.portal.jvm", System.getenv().getOrDefault("BENCH_PORTAL_JVM",
                "-Xmx460m -Xms192m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"));
    }

    static Map<String, String> portalEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>(StandaloneEmulator.portalKey());
        environment.put("JAVA_TOOL_OPTIONS", portalJvmOptions());
        return environment;
    }

    /** The emulator's own jar as a process, as docs/emulator.md describes; stopped by {@link #close()}. */
    URI startEmulator(int port, List<String> options) {
        StandaloneEmulator started = StandaloneEmulator.start(port, List.of("-Xmx1g"), options);
        emulators.add(started);
        return started.endpoint();
    }

    // ------------------------------------------------------------------ emulator control

    /** Moves the emulator clock on by one TOTP step; returns the emulator's new time. */
    Instant advanceClock() {
        return advanceClock(Totp.STEP_SECONDS);
    }

    Instant advanceClock(long seconds) {
        JsonNode body = post(emulator.resolve("/_emulator/clock"), "{\"advanceSeconds\":" + seconds + "}");
        return Instant.parse(body.get("now").asText());
    }

    Instant emulatorNow() {
        return Instant.parse(json(get(emulator.resolve("/_emulator/clock"))).get("now").asText());
    }

    void propagationDelay(int seconds) {
        post(emulator.resolve("/_emulator/propagation-delay"), "{\"seconds\":" + seconds + "}");
    }

    /** Switches the emulator to a latency profile ({@code loopback}, {@code realistic}): latency and propagation. */
    void profile(String name) {
        post(emulator.resolve("/_emulator/latency"), "{\"profile\":\"" + name + "\"}");
    }

    void faults(String json) {
        post(emulator.resolve("/_emulator/faults"), json);
    }

    void clearFaults() {
        send(HttpRequest.newBuilder(emulator.resolve("/_emulator/faults")).DELETE().build());
    }

    // ------------------------------------------------------------------ Keycloak

    /** Creates the users (password = user name) in the realm through Keycloak's admin API; existing ones are kept. */
    void createKeycloakUsers(List<String> names) {
        String admin = JSON_form(KeycloakServer.url() + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"))
                .get("access_token").asText();
        for (String name : names) {
            String user = "{\"username\":\"" + name + "\",\"enabled\":true,\"emailVerified\":true,\"firstName\":\"Bench\","
                    + "\"lastName\":\"" + name + "\",\"email\":\"" + name + "@example.com\",\"realmRoles\":[\"engineer\"],"
                    + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + name + "\",\"temporary\":false}]}";
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(KeycloakServer.url() + "/admin/realms/"
                    + KeycloakServer.REALM + "/users")).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(user)).build());
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IllegalStateException("could not create Keycloak user " + name + ": " + r.statusCode() + " "
                        + r.body());
            }
        }
    }

    // ------------------------------------------------------------------ HTTP helpers

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build());
    }

    JsonNode post(URI uri, String json) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    JsonNode JSON_form(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return json(send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + r.body(), e);
        }
    }

    /** Resident set size of a process, in MiB, from /proc/PID/status. */
    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    @Override
    public synchronized void close() {
        if (portal != null) {
            portal.close();
            portal = null;
        }
        emulators.forEach(StandaloneEmulator::close);
        emulators.clear();
    }
}
