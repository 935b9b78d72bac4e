package org.mfaportal.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.KeycloakEvents;
import org.mfaportal.testing.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The API takes access tokens meant for it and nothing else (issue #14, items 1 and 4): not the portal's ID tokens,
 * not refresh tokens, and a token that is not even a signed JWT is refused on the spot: no call to Keycloak, no log
 * line above DEBUG.
 */
@QuarkusTest
class ApiTokensTest {

    static final String USER = "uma";

    final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void keycloakRecordsIntrospections() {
        KeycloakEvents.record("INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR");
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void accessTokensCarryTheApiAudienceAndAreAccepted() {
        JsonNode claims = claims(Tokens.accessToken(USER));
        assertThat(claims.get("aud").toString()).contains("mfa-portal-api");
        given().auth().oauth2(Tokens.accessToken(USER)).when().get("/api/v1/me")
                .then().statusCode(200).body("iamUserName", equalTo(USER));
    }

    @Test
    void anIdTokenOfThePortalIsRefused() {
        String idToken = Tokens.grant(Tokens.PORTAL_CLIENT, Tokens.PORTAL_SECRET, USER).get("id_token").asText();
        assertThat(claims(idToken).get("typ").asText()).isEqualTo("ID");
        given().auth().oauth2(idToken).redirects().follow(false).when().get("/api/v1/me")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @Test
    void anAdminsIdTokenIsRefusedOnAdminRoutes() {
        String idToken = Tokens.grant(Tokens.PORTAL_CLIENT, Tokens.PORTAL_SECRET, "bob").get("id_token").asText();
        given().auth().oauth2(idToken).redirects().follow(false).when().get("/api/v1/admin/devices")
                .then().statusCode(401);
    }

    @Test
    void aRefreshTokenIsRefused() {
        String refresh = Tokens.grant(Tokens.PORTAL_CLIENT, Tokens.PORTAL_SECRET, USER).get("refresh_token").asText();
        given().auth().oauth2(refresh).redirects().follow(false).when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void garbageBearerTokensAreRefusedWithoutAskingKeycloakAndWithoutNoise() {
        int introspectionsBefore = KeycloakEvents.count("INTROSPECT_TOKEN")
                + KeycloakEvents.count("INTROSPECT_TOKEN_ERROR");
        List<String> garbage = List.of("garbage", "not.a.jwt", "a".repeat(300), "eyJhbGciOiJub25lIn0.e30.",
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJib2IifQ.c2ln", "%%%", "x.y.z", "Zm9v.YmFy.YmF6");
        for (int round = 0; round < 5; round++) {
            for (String token : garbage) {
                given().header("Authorization", "Bearer " + token).redirects().follow(false)
                        .when().get("/api/v1/me")
                        .then().statusCode(401).contentType("application/problem+json")
                        .body("code", equalTo("unauthorized"));
            }
        }
        // Both observations, so that a failure shows the remote calls and the log lines together.
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(KeycloakEvents.count("INTROSPECT_TOKEN") + KeycloakEvents.count("INTROSPECT_TOKEN_ERROR"))
                .as("introspection calls to Keycloak (its INTROSPECT_TOKEN and INTROSPECT_TOKEN_ERROR events)")
                .isEqualTo(introspectionsBefore);
        List<String> loud = records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .filter(r -> r.getLoggerName().startsWith("io.quarkus.oidc")
                        || r.getLoggerName().startsWith("io.quarkus.security")
                        || r.getLoggerName().startsWith("io.quarkus.vertx.http")
                        || r.getLoggerName().startsWith("org.mfaportal"))
                .map(r -> r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage()).toList();
        soft.assertThat(loud).as("log lines at INFO or above about the refusals").isEmpty();
        soft.assertAll();
    }

    @Test
    void keycloakRecordsIntrospectionsSoTheCountAboveMeansSomething() throws Exception {
        int before = KeycloakEvents.count("INTROSPECT_TOKEN_ERROR");
        var http = java.net.http.HttpClient.newHttpClient();
        String basic = Base64.getEncoder().encodeToString((Tokens.PORTAL_CLIENT + ":" + Tokens.PORTAL_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                org.mfaportal.testing.KeycloakServer.realmUrl() + "/protocol/openid-connect/token/introspect"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=garbage")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(KeycloakEvents.count("INTROSPECT_TOKEN_ERROR")).isEqualTo(before + 1);
    }

    private static JsonNode claims(String jwt) {
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
