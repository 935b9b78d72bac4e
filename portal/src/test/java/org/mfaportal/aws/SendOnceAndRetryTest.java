package org.mfaportal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A TOTP code is single-use, so a request that carries one must reach AWS at most once: the SDK's retries are
 * off for {@code EnableMFADevice}, {@code ResyncMFADevice}, {@code GetSessionToken} and {@code AssumeRole}, and
 * on (up to {@code maxAttempts}) for everything else. Proven against a local stub that fails and counts.
 */
class SendOnceAndRetryTest {

    private static final int MAX_ATTEMPTS = 3;
    private static final AccessKey USER_KEY = new AccessKey("alice", "AKIAUSERKEY", "user-secret", Instant.now());
    private static final String SERIAL = "arn:aws:iam::123456789012:mfa/engineers/alice";

    private StubAwsEndpoint stub;
    private AwsClients clients;
    private IamGateway iam;
    private StsGateway sts;

    @BeforeEach
    void start() {
        stub = new StubAwsEndpoint();
        clients = clientsFor(stub.endpoint());
        iam = new IamGateway(clients);
        sts = new StsGateway(clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        stub.close();
    }

    private static AwsClients clientsFor(URI endpoint) {
        return new AwsClients("eu-central-1", endpoint, "AKIAPORTAL", "portal-secret", MAX_ATTEMPTS,
                Duration.ofSeconds(20), Duration.ofSeconds(5));
    }

    @Test
    void enableMfaDeviceIsSentOnceWhenAwsFails() {
        stub.answer(p -> new StubAwsEndpoint.Reply(500, StubAwsEndpoint.error("ServiceFailure")));

        assertThatThrownBy(() -> iam.enableMfaDevice("alice", SERIAL, "123456", "654321"))
                .isInstanceOf(AwsUnavailable.class);

        assertThat(stub.requestsFor("EnableMFADevice")).isEqualTo(1);
    }

    @Test
    void resyncMfaDeviceIsSentOnceWhenAwsFails() {
        stub.answer(p -> new StubAwsEndpoint.Reply(503, StubAwsEndpoint.error("ServiceUnavailable")));

        assertThatThrownBy(() -> iam.resyncMfaDevice("alice", SERIAL, "123456", "654321"))
                .isInstanceOf(AwsUnavailable.class);

        assertThat(stub.requestsFor("ResyncMFADevice")).isEqualTo(1);
    }

    @Test
    void enableMfaDeviceIsSentOnceWhenAwsThrottles() {
        stub.answer(p -> new StubAwsEndpoint.Reply(400, StubAwsEndpoint.error("Throttling")));

        assertThatThrownBy(() -> iam.enableMfaDevice("alice", SERIAL, "123456", "654321"))
                .isInstanceOf(AwsThrottled.class);

        assertThat(stub.requestsFor("EnableMFADevice")).isEqualTo(1);
    }

    @Test
    void getSessionTokenIsSentOnceWhenAwsFails() {
        stub.answer(p -> new StubAwsEndpoint.Reply(503, StubAwsEndpoint.error("ServiceUnavailable")));

        assertThatThrownBy(() -> sts.getSessionToken(USER_KEY, 3600, SERIAL, "123456"))
                .isInstanceOf(AwsUnavailable.class);

        assertThat(stub.requestsFor("GetSessionToken")).isEqualTo(1);
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("TokenCode", "123456").containsEntry("SerialNumber", SERIAL)
                    .containsEntry("DurationSeconds", "3600");
        });
    }

    @Test
    void assumeRoleIsSentOnceWhenAwsFails() {
        stub.answer(p -> new StubAwsEndpoint.Reply(500, StubAwsEndpoint.error("InternalFailure")));

        assertThatThrownBy(() -> sts.assumeRole(USER_KEY, "arn:aws:iam::123456789012:role/deployer", "alice-portal",
                3600, SERIAL, "123456", "alice")).isInstanceOf(AwsUnavailable.class);

        assertThat(stub.requestsFor("AssumeRole")).isEqualTo(1);
    }

    @Test
    void callsWithoutACodeAreRetriedUpToMaxAttempts() {
        stub.answer(p -> new StubAwsEndpoint.Reply(500, StubAwsEndpoint.error("ServiceFailure")));

        assertThatThrownBy(() -> iam.listMfaDevices("alice")).isInstanceOf(AwsUnavailable.class);
        assertThatThrownBy(() -> sts.getCallerIdentity(USER_KEY)).isInstanceOf(AwsUnavailable.class);

        assertThat(stub.requestsFor("ListMFADevices")).isEqualTo(MAX_ATTEMPTS);
        assertThat(stub.requestsFor("GetCallerIdentity")).isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void aRetriedCallSucceedsWhenAwsRecovers() {
        AtomicInteger calls = new AtomicInteger();
        stub.answer(p -> calls.incrementAndGet() < MAX_ATTEMPTS
                ? new StubAwsEndpoint.Reply(503, StubAwsEndpoint.error("ServiceUnavailable"))
                : new StubAwsEndpoint.Reply(200, """
                        <ListMFADevicesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                          <ListMFADevicesResult><MFADevices/><IsTruncated>false</IsTruncated></ListMFADevicesResult>
                        </ListMFADevicesResponse>"""));

        assertThat(iam.listMfaDevices("alice")).isEmpty();
        assertThat(stub.requestsFor("ListMFADevices")).isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void aWrongCodeIsNeverRetriedEither() {
        stub.answer(p -> new StubAwsEndpoint.Reply(403, StubAwsEndpoint.error("InvalidAuthenticationCode")));

        assertThatThrownBy(() -> iam.enableMfaDevice("alice", SERIAL, "123456", "654321"))
                .isInstanceOf(InvalidMfaCode.class)
                .satisfies(e -> assertThat(((AwsException) e).requestId()).isNotBlank());

        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void theEngineersKeySignsStsCallsInsteadOfThePortals() {
        var seenKeys = new java.util.concurrent.CopyOnWriteArrayList<String>();
        try (var recorder = new HeaderRecordingEndpoint(seenKeys)) {
            try (var recorded = clientsFor(recorder.endpoint())) {
                var recordedSts = new StsGateway(recorded);
                assertThatThrownBy(() -> recordedSts.getSessionToken(USER_KEY, 900, SERIAL, "123456"))
                        .isInstanceOf(AwsException.class);
                assertThatThrownBy(() -> recordedSts.portalIdentity(Duration.ofSeconds(2)))
                        .isInstanceOf(AwsException.class);
            }
        }

        assertThat(seenKeys).hasSize(2);
        assertThat(seenKeys.get(0)).contains("Credential=AKIAUSERKEY/");
        assertThat(seenKeys.get(1)).contains("Credential=AKIAPORTAL/");
    }

    @Test
    void listUsersFollowsMarkersAcrossPages() {
        stub.answer(p -> p.containsKey("Marker") ? usersPage("page-2", false, "carol")
                : usersPage(null, true, "alice", "bob"));

        assertThat(iam.listUsers("/engineers/")).extracting(IamUser::userName).containsExactly("alice", "bob", "carol");

        assertThat(stub.requests()).hasSize(2);
        assertThat(stub.requests().get(0)).containsEntry("PathPrefix", "/engineers/").doesNotContainKey("Marker");
        assertThat(stub.requests().get(1)).containsEntry("PathPrefix", "/engineers/").containsEntry("Marker", "page-2");
    }

    private static StubAwsEndpoint.Reply usersPage(String requestMarker, boolean truncated, String... names) {
        var members = new StringBuilder();
        for (String name : names) {
            members.append("""
                    <member><Path>/engineers/</Path><UserName>%1$s</UserName><UserId>AIDA%1$s</UserId>
                    <Arn>arn:aws:iam::123456789012:user/engineers/%1$s</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate></member>
                    """.formatted(name));
        }
        return new StubAwsEndpoint.Reply(200, """
                <ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <ListUsersResult><Users>%s</Users><IsTruncated>%s</IsTruncated>%s</ListUsersResult>
                </ListUsersResponse>""".formatted(members, truncated, truncated ? "<Marker>page-2</Marker>" : ""));
    }

    @Test
    void connectionRefusedBecomesUnavailable() {
        URI closedPort = URI.create("http://127.0.0.1:" + closedPort());
        try (var refused = clientsFor(closedPort)) {
            assertThatThrownBy(() -> new IamGateway(refused).enableMfaDevice("alice", SERIAL, "123456", "654321"))
                    .isInstanceOf(AwsUnavailable.class)
                    .satisfies(e -> assertThat(((AwsException) e).awsErrorCode()).isNull());
            assertThatThrownBy(() -> new IamGateway(refused).getUser("alice")).isInstanceOf(AwsUnavailable.class);
        }
    }

    @Test
    void aDroppedConnectionIsNotRetriedForACodeButIsForOtherCalls() throws IOException {
        try (var dropper = new DroppingEndpoint(); var dropping = clientsFor(dropper.endpoint())) {
            var droppingIam = new IamGateway(dropping);

            assertThatThrownBy(() -> droppingIam.enableMfaDevice("alice", SERIAL, "123456", "654321"))
                    .isInstanceOf(AwsUnavailable.class);
            assertThat(dropper.connections()).isEqualTo(1);

            assertThatThrownBy(() -> droppingIam.listMfaDevices("alice")).isInstanceOf(AwsUnavailable.class);
            assertThat(dropper.connections()).isEqualTo(1 + MAX_ATTEMPTS);
        }
    }

    @Test
    void readinessIsDownWithoutSecretsWhenAwsCannotBeReached() {
        try (var refused = clientsFor(URI.create("http://127.0.0.1:" + closedPort()))) {
            HealthCheckResponse response = new AwsReadinessCheck(new StsGateway(refused)).call();

            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData()).hasValueSatisfying(data -> {
                assertThat(data).containsEntry("failure", "AwsUnavailable").containsEntry("reason", "endpoint-unreachable");
                assertThat(data.toString()).doesNotContain("portal-secret", "AKIAPORTAL");
            });
        }
    }

    @Test
    void readinessReportsTheAwsErrorCode() {
        stub.answer(p -> new StubAwsEndpoint.Reply(403, StubAwsEndpoint.error("InvalidClientTokenId")));

        HealthCheckResponse response = new AwsReadinessCheck(sts).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data)
                .containsEntry("failure", "AwsInvalidCredentials").containsEntry("awsErrorCode", "InvalidClientTokenId")
                .containsEntry("reason", "credentials-refused"));
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void eachCallIsTimedByActionAndOutcome() {
        var meters = new SimpleMeterRegistry();
        var timedIam = new IamGateway(clients, meters);
        stub.answer(p -> new StubAwsEndpoint.Reply(403, StubAwsEndpoint.error("InvalidAuthenticationCode")));

        assertThatThrownBy(() -> timedIam.enableMfaDevice("alice", SERIAL, "123456", "654321"));

        var timer = meters.find(AwsCalls.METRIC).tags("service", "iam", "action", "EnableMFADevice",
                "outcome", "InvalidMfaCode").timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(1);
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Accepts connections, reads the request head, and closes without answering. */
    private static final class DroppingEndpoint implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;

        DroppingEndpoint() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept(); InputStream in = client.getInputStream()) {
                        connections.incrementAndGet();
                        in.read(new byte[8192]);
                    } catch (IOException closedOrReset) {
                        // next
                    }
                }
            }, "dropping-endpoint");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Answers 403 to everything and records each request's Authorization header. */
    private static final class HeaderRecordingEndpoint implements AutoCloseable {

        private final com.sun.net.httpserver.HttpServer server;

        HeaderRecordingEndpoint(java.util.List<String> authorizations) {
            try {
                server = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                    byte[] body = StubAwsEndpoint.error("AccessDenied").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(403, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
