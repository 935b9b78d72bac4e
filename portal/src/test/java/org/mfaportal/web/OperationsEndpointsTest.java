package org.mfaportal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.Faults;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;

/** Health, readiness (database and AWS), metrics and request ids, as an operator's tools see them. */
@QuarkusTest
class OperationsEndpointsTest {

    @Inject
    PortalFixture fixture;

    @AfterEach
    void clearFaults() {
        fixture.aws().clearFaults();
    }

    @Test
    void readinessChecksTheDatabaseAndAws() {
        given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "aws"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessGoesDownWhenAwsDoesAndSaysNothingSecret() {
        fixture.aws().setFaults(Faults.builder().serviceUnavailableEveryNth(1).onlyFor("GetCallerIdentity").build());
        given().when().get("/q/health/ready")
                .then().statusCode(503).body("status", equalTo("DOWN"))
                .body(org.hamcrest.Matchers.not(containsString("AKIA")));
    }

    @Test
    void prometheusMetricsIncludeAwsCallTimings() {
        given().auth().oauth2(Tokens.accessToken("alice")).when().get("/api/v1/me").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("portal_aws_calls_seconds_count"))
                .body(containsString("action=\"ListMFADevices\""));
    }

    @Test
    void aWellFormedRequestIdIsKeptAndEchoed() {
        given().header("X-Request-Id", "test-request-0001").auth().oauth2(Tokens.accessToken("alice"))
                .when().get("/api/v1/me")
                .then().statusCode(200).header("X-Request-Id", "test-request-0001");
        given().header("X-Request-Id", "bad id with spaces <script>")
                .when().get("/api/v1/me")
                .then().statusCode(401).header("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }
}
