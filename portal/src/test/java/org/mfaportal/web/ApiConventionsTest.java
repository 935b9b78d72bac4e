package org.mfaportal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.Faults;
import org.mfaportal.lockout.LockoutConfig;
import org.mfaportal.ratelimit.RateLimiter;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The API's conventions, each shown once: JSON in and out, problem+json with a stable code for every failure
 * (401 included), the status codes and their Retry-After, and the request id from header to problem to audit
 * trail. Bearer token validation (issuer, audience, expiry) is covered by SignInTest.
 */
@QuarkusTest
class ApiConventionsTest {

    private static final String USER = "sam";
    private static final String PROBLEM = ProblemDetails.MEDIA_TYPE;

    @Inject
    PortalFixture fixture;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    LockoutConfig lockout;

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
    }

    @Test
    void answersAreJson() {
        given().auth().oauth2(Tokens.accessToken(USER))
                .when().get("/api/v1/me")
                .then().statusCode(200).contentType(ContentType.JSON).body("iamUserName", equalTo(USER));
        given().auth().oauth2(Tokens.accessToken(USER))
                .when().get("/api/v1/roles")
                .then().statusCode(200).contentType(ContentType.JSON);
    }

    @Test
    void aMissingTokenIsA401ProblemWithABearerChallenge() {
        Response response = given().redirects().follow(false).when().get("/api/v1/me");
        response.then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401)).body("code", equalTo("unauthorized"))
                .body("title", not(equalTo(""))).body("advice", containsString("access token"))
                .body("requestId", equalTo(response.header(RequestInfo.HEADER)));
    }

    @Test
    void anInvalidTokenIsA401ProblemSayingSo() {
        given().auth().oauth2("not.a-valid.token").redirects().follow(false)
                .when().post("/api/v1/credentials")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("invalid_token"))
                .body("code", equalTo("unauthorized")).body("detail", containsString("invalid"));
    }

    @Test
    void pagesStillRedirectToSignInInsteadOfAProblem() {
        given().redirects().follow(false).when().get("/credentials")
                .then().statusCode(302).header("Location", containsString("/protocol/openid-connect/auth"));
    }

    @Test
    void unreadableJsonIsA400Problem() {
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON).body("{\"code\": ")
                .when().post("/api/v1/credentials")
                .then().statusCode(400).contentType(PROBLEM).body("code", equalTo("bad-request"));
    }

    @Test
    void invalidFieldsAreA400ProblemNamingThem() {
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON).body(Map.of("code", "12"))
                .when().post("/api/v1/credentials")
                .then().statusCode(400).contentType(PROBLEM).body("code", equalTo("invalid-input"))
                .body("errors.code", containsString("6-digit"));
    }

    @Test
    void aBodyThatIsNotJsonIsA415Problem() {
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.TEXT).body("code=123456")
                .when().post("/api/v1/credentials")
                .then().statusCode(415).contentType(PROBLEM).body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void anUnknownApiPathIsA404Problem() {
        given().auth().oauth2(Tokens.accessToken(USER))
                .when().get("/api/v1/no-such-thing")
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));
    }

    @Test
    void aStateConflictIsA409Problem() {
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON)
                .body(Map.of("code1", "123456", "code2", "654321"))
                .when().post("/api/v1/mfa/resync")
                .then().statusCode(409).contentType(PROBLEM).body("code", equalTo("no-active-device"));
    }

    @Test
    void repeatedWrongCodesAreA423ProblemWithRetryAfter() {
        String token = Tokens.accessToken(USER);
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        for (int i = 1; i < lockout.maxFailures(); i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("code", TestDevices.wrongCode(fixture.aws(), device.seed())))
                    .when().post("/api/v1/credentials").then().statusCode(400);
        }
        int retryAfter = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.wrongCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(423).contentType(PROBLEM).body("code", equalTo("locked-out"))
                .body("retryAfterSeconds", greaterThan(0))
                .extract().jsonPath().getInt("retryAfterSeconds");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(423).header("Retry-After", matchesPattern("\\d+"));
        assertThat(retryAfter).isLessThanOrEqualTo((int) lockout.duration().toSeconds());
    }

    @Test
    void tooManyEnrollmentsAreA429ProblemWithRetryAfterAndDoNothing() {
        for (int i = 0; i < rateLimiter.limit(RateLimiter.Action.ENROLLMENT); i++) {
            rateLimiter.acquire(USER, RateLimiter.Action.ENROLLMENT);
        }
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment")
                .then().statusCode(429).contentType(PROBLEM).body("code", equalTo("rate-limited"))
                .header("Retry-After", matchesPattern("[1-9]\\d*")).body("retryAfterSeconds", greaterThan(0));
        assertThat(fixture.count("SELECT COUNT(*) FROM pending_enrollment WHERE user_name = ?", USER)).isZero();
    }

    @Test
    void tooManyIssuancesAreA429Problem() {
        for (int i = 0; i < rateLimiter.limit(RateLimiter.Action.CREDENTIALS); i++) {
            rateLimiter.acquire(USER, RateLimiter.Action.CREDENTIALS);
        }
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON).body(Map.of("code", "123456"))
                .when().post("/api/v1/credentials")
                .then().statusCode(429).contentType(PROBLEM).body("code", equalTo("rate-limited"));
    }

    @Test
    void awsThrottlingIsA503ProblemWithRetryAfter() {
        fixture.aws().setFaults(Faults.builder().throttleEveryNth(1).onlyFor("CreateVirtualMFADevice").build());
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment")
                .then().statusCode(503).contentType(PROBLEM).body("code", equalTo("aws-throttled"))
                .header("Retry-After", "5").body("retryAfterSeconds", equalTo(5));
    }

    @Test
    void aWellFormedRequestIdIsKeptFromHeaderToProblemToAuditTrail() {
        String id = "cli-conventions-0001";
        given().header(RequestInfo.HEADER, id).redirects().follow(false)
                .when().get("/api/v1/me")
                .then().statusCode(401).header(RequestInfo.HEADER, id).body("requestId", equalTo(id));

        String audited = "cli-conventions-0002";
        given().auth().oauth2(Tokens.accessToken(USER)).header(RequestInfo.HEADER, audited)
                .when().post("/api/v1/sessions/revoke")
                .then().statusCode(200).contentType(ContentType.JSON).header(RequestInfo.HEADER, audited);
        assertThat(fixture.count("SELECT COUNT(*) FROM audit_event WHERE request_id = ? AND target_user = 'sam'"
                + " AND action = 'SESSIONS_REVOKED'", audited)).isEqualTo(1);
    }

    @Test
    void aMalformedRequestIdIsReplaced() {
        String sent = "not ok; <script>";
        String echoed = given().auth().oauth2(Tokens.accessToken(USER)).header(RequestInfo.HEADER, sent)
                .when().get("/api/v1/no-such-thing")
                .then().statusCode(404).extract().header(RequestInfo.HEADER);
        assertThat(echoed).isNotEqualTo(sent).matches("[A-Za-z0-9._-]{8,64}");
    }

}
