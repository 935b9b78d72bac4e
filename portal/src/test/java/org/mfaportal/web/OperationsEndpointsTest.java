package org.mfaportal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.Faults;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Health, readiness (database and AWS), metrics and request ids, as an operator's tools see them: health and metrics
 * on the management interface (its own port), never on the public one.
 */
@QuarkusTest
class OperationsEndpointsTest {

    @Inject
    PortalFixture fixture;

    @TestHTTPResource(value = "/", management = true)
    URL managementInterface;

    /** The management interface's origin (its own port; the URL above carries its root path). */
    String management;

    @org.junit.jupiter.api.BeforeEach
    void managementOrigin() {
        management = managementInterface.getProtocol() + "://" + managementInterface.getHost() + ":"
                + managementInterface.getPort();
    }

    @AfterEach
    void clearFaults() {
        fixture.aws().clearFaults();
    }

    @Test
    void readinessChecksTheDatabaseAndAws() {
        given().baseUri(management).when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "aws"));
        given().baseUri(management).when().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"));
        given().baseUri(management).when().get("/q/health/started").then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void healthAndMetricsAreNotOnThePublicPort() {
        for (String path : new String[] { "/q/health", "/q/health/ready", "/q/health/live", "/q/metrics" }) {
            given().redirects().follow(false).when().get(path).then().statusCode(404);
        }
        org.assertj.core.api.Assertions.assertThat(managementInterface.getPort()).isNotEqualTo(
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
    }

    @Test
    void metricsLabelRequestsByRouteTemplateNeverByRawPath() {
        // Unauthenticated (401 before any route matched), unknown (404) and authenticated requests with values in
        // the path: none of the values may become a label.
        given().when().get("/api/v1/admin/users/raw-unauthenticated-name").then().statusCode(401);
        given().when().get("/api/v1/no-such-route-raw-4711").then().statusCode(401);
        given().auth().oauth2(Tokens.accessToken("bob")).when().get("/api/v1/no-such-route-raw-4712")
                .then().statusCode(404);
        given().auth().oauth2(Tokens.accessToken("bob")).when().get("/api/v1/admin/users/raw-admin-lookup")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(404)));
        String metrics = given().baseUri(management).when().get("/q/metrics")
                .then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("uri=\"/api/v1/admin/users/{userName}\"")
                .doesNotContain("raw-unauthenticated-name", "raw-4711", "raw-4712", "raw-admin-lookup");
    }

    @Test
    void swaggerUiIsOffInProductionUnlessAskedFor() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        org.assertj.core.api.Assertions.assertThat(properties.getProperty("quarkus.swagger-ui.enabled"))
                .isEqualTo("${PORTAL_SWAGGER_UI:false}");
        org.assertj.core.api.Assertions.assertThat(properties).doesNotContainKey("quarkus.swagger-ui.enable");
    }

    @Test
    void readinessGoesDownWhenAwsDoesAndSaysNothingSecret() {
        fixture.aws().setFaults(Faults.builder().serviceUnavailableEveryNth(1).onlyFor("GetCallerIdentity").build());
        given().baseUri(management).when().get("/q/health/ready")
                .then().statusCode(503).body("status", equalTo("DOWN"))
                .body(org.hamcrest.Matchers.not(containsString("AKIA")));
    }

    @Test
    void prometheusMetricsIncludeAwsCallTimings() {
        given().auth().oauth2(Tokens.accessToken("alice")).when().get("/api/v1/me").then().statusCode(200);
        given().baseUri(management).when().get("/q/metrics")
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
