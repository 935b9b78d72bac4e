package org.mfaportal.resilience;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.AssignmentStatus;
import org.mfaportal.credentials.keys.AccessKeyLedger;
import org.mfaportal.credentials.keys.AccessKeySweeper;
import org.mfaportal.emulator.Faults;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The portal under AWS misbehaving at random (seeded) points of enrollment, removal and issuance: throttling,
 * latency, 503s, 500s and dropped connections. Every request must end in success or a clear error, leave no
 * access key once the sweeper has run, leave every user able to recover their device, and leave its audit row.
 * The bench soak ({@code bench/run.sh soak}) runs the same mix for 1,000+ issuances against the packaged app.
 */
@QuarkusTest
class AwsFaultsTest {

    /** Users no other test signs in as (realm file and %test.portal.emulator.seed-users). */
    static final List<String> USERS = List.of("xena", "yuri", "zack");
    static final int ENROLLMENTS = 20;
    static final int ISSUANCES = 60;
    static final int REMOVALS = 10;

    /** Roughly one AWS call in six misbehaves; the seed makes the run repeatable. */
    static Faults faults() {
        return Faults.builder().throttleProbability(0.06).serviceUnavailableProbability(0.04)
                .internalFailureProbability(0.02).dropConnectionProbability(0.03).latencyMillis(2)
                // GetUser is the sign-in look-up (cached); it is not a step of the flows under test.
                .onlyFor("CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice",
                        "ListMFADevices", "CreateAccessKey", "DeleteAccessKey", "GetCallerIdentity",
                        "GetSessionToken")
                .seed(20261124L).build();
    }

    /** A request the test sent: its id, what it was, and how it ended. */
    record Sent(String requestId, String what, int status, String code) {
    }

    @Inject
    PortalFixture fixture;

    @Inject
    AccessKeySweeper sweeper;

    @Inject
    AccessKeyLedger ledger;

    @Inject
    DataSource dataSource;

    final List<Sent> sent = new ArrayList<>();
    final Map<String, String> tokens = new HashMap<>();
    int sequence;

    @BeforeEach
    @AfterEach
    void cleanUp() {
        fixture.reset(USERS.toArray(String[]::new));
        fixture.forgetAudit(USERS.toArray(String[]::new));
    }

    @Test
    void underRandomAwsFaultsEveryRequestEndsCleanlyAndNothingIsLeftBehind() {
        USERS.forEach(u -> tokens.put(u, Tokens.accessToken(u)));
        Map<String, String> seeds = new LinkedHashMap<>();
        Map<String, Boolean> active = new LinkedHashMap<>();
        USERS.forEach(u -> active.put(u, false));
        int enrollments = 0;
        int issuances = 0;
        int removals = 0;

        fixture.aws().setFaults(faults());
        for (int round = 0; round < 60 && (enrollments < ENROLLMENTS || issuances < ISSUANCES
                || removals < REMOVALS); round++) {
            for (String user : USERS) {
                ExtractableResponse<Response> me = send(user, "me", "GET", "/api/v1/me", null);
                if (me.statusCode() == 200) {
                    active.put(user, "ACTIVE".equals(me.jsonPath().getString("mfaState")));
                }
                if (!active.get(user)) {
                    if (enrollments >= ENROLLMENTS && issuances >= ISSUANCES) {
                        continue;
                    }
                    enrollments++;
                    ExtractableResponse<Response> started = send(user, "enroll", "POST", "/api/v1/mfa/enrollment", null);
                    if (started.statusCode() != 201) {
                        continue;
                    }
                    // Kept at once: an activation that AWS performed but whose answer was lost is found by /me.
                    String seed = started.jsonPath().getString("secret");
                    seeds.put(user, seed);
                    fixture.aws().advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
                    Instant now = fixture.aws().clock().instant();
                    ExtractableResponse<Response> activated = send(user, "activate", "POST",
                            "/api/v1/mfa/enrollment/activate",
                            Map.of("serialNumber", started.jsonPath().getString("serialNumber"), "code1",
                                    Totp.code(seed, now.minusSeconds(Totp.STEP_SECONDS)), "code2", Totp.code(seed, now)));
                    active.put(user, activated.statusCode() == 200);
                    continue;
                }
                for (int i = 0; i < 4 && issuances < ISSUANCES; i++, issuances++) {
                    String format = List.of("json", "bash", "process", "fish").get(issuances % 4);
                    send(user, "issue", "POST", "/api/v1/credentials?format=" + format,
                            Map.of("code", freshCode(seeds.get(user)), "durationSeconds", 900));
                }
                if ((removals < REMOVALS || enrollments < ENROLLMENTS) && (issuances >= ISSUANCES || round % 2 == 1)) {
                    removals++;
                    ExtractableResponse<Response> removed = send(user, "remove", "POST", "/api/v1/mfa/remove",
                            Map.of("code", freshCode(seeds.get(user)), "confirm", true));
                    if (removed.statusCode() == 204) {
                        active.put(user, false);
                    }
                }
            }
        }
        fixture.aws().clearFaults();

        assertThat(enrollments).isGreaterThanOrEqualTo(ENROLLMENTS);
        assertThat(issuances).isGreaterThanOrEqualTo(ISSUANCES);
        assertThat(removals).isGreaterThanOrEqualTo(REMOVALS);
        assertThat(sent).as("the faults did bite").anyMatch(s -> s.status() == 503);
        assertThat(sent).as("and requests still succeeded").anyMatch(s -> s.what().equals("issue") && s.status() == 200);

        // No access key left behind once a sweeper has run (everything the sweeper may touch is due).
        sweeper.sweep(Instant.now().plus(Duration.ofHours(1)));
        for (String user : USERS) {
            assertThat(fixture.iam().listAccessKeys(user)).as("access keys of %s", user).isEmpty();
        }
        assertThat(ledger.all()).noneMatch(e -> USERS.contains(e.userName()));

        // No audit event lost: every request that reached a service has its row, by request id.
        List<Sent> unaudited = sent.stream().filter(s -> !s.what().equals("me"))
                .filter(s -> fixture.count("SELECT COUNT(*) FROM audit_event WHERE request_id = ?", s.requestId()) == 0)
                .toList();
        assertThat(unaudited).as("requests without an audit row").isEmpty();

        // Every user can recover: remove whatever is active, then enroll, activate and remove again.
        for (String user : USERS) {
            recover(user, seeds.get(user));
        }
    }

    /** With AWS healthy again, the user can get back to a clean state and enroll anew. */
    private void recover(String user, String knownSeed) {
        ExtractableResponse<Response> me = send(user, "me", "GET", "/api/v1/me", null);
        assertThat(me.statusCode()).isEqualTo(200);
        if ("ACTIVE".equals(me.jsonPath().getString("mfaState"))) {
            assertThat(send(user, "remove", "POST", "/api/v1/mfa/remove",
                    Map.of("code", freshCode(knownSeed), "confirm", true)).statusCode())
                    .as("%s removes the device left active", user).isEqualTo(204);
        }
        ExtractableResponse<Response> started = send(user, "enroll", "POST", "/api/v1/mfa/enrollment", null);
        assertThat(started.statusCode()).as("%s enrolls again", user).isEqualTo(201);
        String seed = started.jsonPath().getString("secret");
        fixture.aws().advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
        Instant now = fixture.aws().clock().instant();
        assertThat(send(user, "activate", "POST", "/api/v1/mfa/enrollment/activate",
                Map.of("serialNumber", started.jsonPath().getString("serialNumber"), "code1",
                        Totp.code(seed, now.minusSeconds(Totp.STEP_SECONDS)), "code2", Totp.code(seed, now)))
                .statusCode()).as("%s activates", user).isEqualTo(200);
        assertThat(send(user, "remove", "POST", "/api/v1/mfa/remove",
                Map.of("code", freshCode(seed), "confirm", true)).statusCode()).as("%s removes", user).isEqualTo(204);
        assertThat(fixture.iam().listMfaDevices(user)).isEmpty();
        assertThat(fixture.iam().listAllVirtualMfaDevices(AssignmentStatus.UNASSIGNED))
                .as("unassigned devices of %s after recovering", user)
                .noneMatch(d -> d.serialNumber().contains("/" + user + "/"));
    }

    private String freshCode(String seed) {
        fixture.aws().advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
        return Totp.code(seed, fixture.aws().clock().instant());
    }

    private ExtractableResponse<Response> send(String user, String what, String method, String path, Object body) {
        String requestId = "faults-" + String.format("%05d", ++sequence) + "-" + user;
        var request = given().auth().oauth2(tokens.get(user)).header("X-Request-Id", requestId)
                .contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        ExtractableResponse<Response> r = request.when().request(method, path).then().extract();
        String code = r.statusCode() >= 400 && r.contentType().startsWith("application/problem+json")
                ? r.jsonPath().getString("code") : null;
        sent.add(new Sent(requestId, what, r.statusCode(), code));
        CleanAnswers.assertClearApiAnswer(what + " " + requestId, r);
        return r;
    }
}
