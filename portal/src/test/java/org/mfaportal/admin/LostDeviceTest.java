package org.mfaportal.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * An admin deactivates an engineer's lost device (with a reason, no code) and revokes their sessions; the
 * engineer can set up a new device right away. Users outside the managed path, other users' serials and the
 * admin's own device are refused.
 */
@QuarkusTest
class LostDeviceTest {

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @Test
    void adminDeactivatesLostDeviceAndEngineerEnrollsAgainAtOnce() {
        Engineers.Device device = activeDeviceOf("heidi");
        String reason = "Phone lost on the train, ticket OPS-4711";

        deactivate("bob", "heidi", device.serialNumber(), reason)
                .statusCode(200)
                .body("userName", equalTo("heidi"))
                .body("serialNumber", equalTo(device.serialNumber()));

        assertThat(fixture.aws().seedOf(device.serialNumber())).as("device deleted in IAM").isEmpty();
        assertThat(Engineers.mfaState("heidi")).isEqualTo("NONE");
        JsonPath audit = given().auth().oauth2(Tokens.accessToken("bob"))
                .queryParam("user", "heidi").queryParam("action", "ADMIN_MFA_DEACTIVATED")
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getString("events[0].reason")).isEqualTo(reason);
        assertThat(audit.getString("events[0].actor")).isEqualTo("bob");
        assertThat(audit.getString("events[0].targetUser")).isEqualTo("heidi");
        assertThat(audit.getString("events[0].outcome")).isEqualTo("SUCCESS");
        assertThat(audit.getString("events[0].detail")).isEqualTo(device.serialNumber());

        Engineers.Device again = Engineers.startEnrollment("heidi");
        assertThat(again.secret()).isNotBlank();
        assertThat(Engineers.mfaState("heidi")).isEqualTo("PENDING");
    }

    @Test
    void missingOrOverlongReasonIsRefusedWithFieldErrorAndChangesNothing() {
        Engineers.Device device = activeDeviceOf("heidi");

        deactivate("bob", "heidi", device.serialNumber(), "   ")
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-input"))
                .body("errors.reason", containsString("reason"));
        given().auth().oauth2(Tokens.accessToken("bob")).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber()))
                .when().post("/api/v1/admin/users/heidi/mfa/deactivate")
                .then().statusCode(400).body("errors.reason", containsString("reason"));
        deactivate("bob", "heidi", device.serialNumber(), "x".repeat(501))
                .statusCode(400).body("errors.reason", containsString("500"));

        assertThat(fixture.aws().seedOf(device.serialNumber())).isPresent();
        assertThat(Engineers.mfaState("heidi")).isEqualTo("ACTIVE");
    }

    @Test
    void userOutsideManagedPathOrUnknownAnswers404() {
        deactivate("bob", "carol", "arn:aws:iam::123456789012:mfa/contractors/carol/carol", "lost phone")
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("user-not-found"));
        deactivate("bob", "nobody-here", "arn:aws:iam::123456789012:mfa/engineers/nobody-here/x", "lost phone")
                .statusCode(404).body("code", equalTo("user-not-found"));
        given().auth().oauth2(Tokens.accessToken("bob")).when().get("/api/v1/admin/users/carol")
                .then().statusCode(404).body("code", equalTo("user-not-found"));
        given().auth().oauth2(Tokens.accessToken("bob")).contentType(ContentType.JSON)
                .body(Map.of("reason", "compromised"))
                .when().post("/api/v1/admin/users/carol/sessions/revoke")
                .then().statusCode(404).body("code", equalTo("user-not-found"));
    }

    @Test
    void someoneElsesSerialAnswers404AndChangesNothing() {
        Engineers.Device heidis = activeDeviceOf("heidi");
        Engineers.Device ivans = Engineers.enrollAndActivate(fixture.aws(), "ivan");

        deactivate("bob", "heidi", ivans.serialNumber(), "wrong serial on purpose")
                .statusCode(404).body("code", equalTo("device-not-found"));

        assertThat(fixture.aws().seedOf(ivans.serialNumber())).isPresent();
        assertThat(fixture.aws().seedOf(heidis.serialNumber())).isPresent();
        assertThat(Engineers.mfaState("ivan")).isEqualTo("ACTIVE");
        // ivan's device is not for the orphan tests: remove it again the engineer's way
        Engineers.removeOwnDevice(fixture.aws(), "ivan", ivans);
    }

    @Test
    void adminMayNotDeactivateOwnDeviceThroughAdminConsole() {
        Engineers.Device bobs = Engineers.enrollAndActivate(fixture.aws(), "bob");
        try {
            deactivate("bob", "bob", bobs.serialNumber(), "testing the rule")
                    .statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("own-device-not-allowed"))
                    .body("detail", containsString("own MFA device"));
            assertThat(fixture.aws().seedOf(bobs.serialNumber())).isPresent();
            assertThat(Engineers.mfaState("bob")).isEqualTo("ACTIVE");

            BrowserSession browser = BrowserSession.signIn(app, "bob");
            Document page = browser.get("/admin/users/bob");
            assertThat(page.select("a[href^=/admin/users/bob/mfa/deactivate]")).isEmpty();
            assertThat(page.text()).contains("Your own device");
            browser.get("/admin/users/bob/mfa/deactivate?serialNumber=" + bobs.serialNumber());
            assertThat(browser.status()).isEqualTo(403);
        } finally {
            Engineers.removeOwnDevice(fixture.aws(), "bob", bobs);
        }
    }

    @Test
    void browserFlowConfirmsNamingTheUserThenDeactivates() {
        Engineers.Device device = activeDeviceOf("heidi");
        BrowserSession bob = BrowserSession.signIn(app, "bob");

        Document user = bob.get("/admin/users/heidi");
        assertThat(user.select("code.serial").eachText()).contains(device.serialNumber());
        Element link = user.selectFirst("a[href^=/admin/users/heidi/mfa/deactivate]");
        assertThat(link).isNotNull();

        Document confirm = bob.get(link.attr("href"));
        assertThat(bob.status()).isEqualTo(200);
        assertThat(confirm.select("h1").text()).contains("heidi");
        assertThat(confirm.text()).contains(device.serialNumber());

        Document refused = bob.submitForm(confirm, "/admin/users/heidi/mfa/deactivate", Map.of("reason", ""));
        assertThat(bob.status()).isEqualTo(400);
        assertThat(refused.select(".field-invalid textarea#reason")).hasSize(1);
        assertThat(refused.selectFirst("#reason-error").text()).contains("reason");
        assertThat(fixture.aws().seedOf(device.serialNumber())).isPresent();

        Document done = bob.submitForm(refused, "/admin/users/heidi/mfa/deactivate",
                Map.of("reason", "Lost phone, reported by phone call"));
        assertThat(bob.status()).isEqualTo(200);
        assertThat(bob.lastResponse().uri().getPath()).isEqualTo("/admin/users/heidi");
        assertThat(done.select("[role=status]").text()).contains("deactivated");
        assertThat(done.text()).contains("No active MFA device").contains("Lost phone, reported by phone call");
        assertThat(fixture.aws().seedOf(device.serialNumber())).isEmpty();
    }

    @Test
    void adminRevokesSessionsWithReason() {
        JsonPath revoked = given().auth().oauth2(Tokens.accessToken("bob")).contentType(ContentType.JSON)
                .body(Map.of("reason", "Laptop stolen"))
                .when().post("/api/v1/admin/users/heidi/sessions/revoke")
                .then().statusCode(200).body("userName", equalTo("heidi")).extract().jsonPath();
        assertThat(revoked.getString("revokedBefore")).isNotBlank();
        given().auth().oauth2(Tokens.accessToken("bob"))
                .queryParam("user", "heidi").queryParam("action", "ADMIN_SESSIONS_REVOKED")
                .when().get("/api/v1/admin/audit")
                .then().statusCode(200).body("events.reason", hasItem("Laptop stolen"));

        given().auth().oauth2(Tokens.accessToken("bob")).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/admin/users/heidi/sessions/revoke")
                .then().statusCode(400).body("errors.reason", containsString("reason"));

        BrowserSession bob = BrowserSession.signIn(app, "bob");
        Document user = bob.get("/admin/users/heidi");
        Document refused = bob.submitForm(user, "/admin/users/heidi/sessions/revoke", Map.of("reason", " "));
        assertThat(bob.status()).isEqualTo(400);
        assertThat(refused.select(".field-invalid textarea#revoke-reason")).hasSize(1);
        Document done = bob.submitForm(refused, "/admin/users/heidi/sessions/revoke",
                Map.of("reason", "Second revocation from the page"));
        assertThat(bob.status()).isEqualTo(200);
        assertThat(done.select("[role=status]").text()).contains("denied");
        assertThat(done.text()).contains("Second revocation from the page");
    }

    private Engineers.Device activeDeviceOf(String user) {
        return Engineers.activeDevice(fixture.aws(), user);
    }

    private static ValidatableResponse deactivate(String admin, String user, String serial, String reason) {
        return given().auth().oauth2(Tokens.accessToken(admin)).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", serial, "reason", reason))
                .when().post("/api/v1/admin/users/" + user + "/mfa/deactivate")
                .then();
    }
}
