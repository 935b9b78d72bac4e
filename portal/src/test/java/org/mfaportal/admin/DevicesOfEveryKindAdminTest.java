package org.mfaportal.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.MfaDevice;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Admins see every device of every kind and deactivate any one with a reason; an engineer whose only devices are a
 * security key, or nothing, is among the users without a code-capable device. Real Keycloak, PostgreSQL, the
 * emulator over HTTP; dana and hugo come with seeded devices from before the portal.
 */
@QuarkusTest
class DevicesOfEveryKindAdminTest {

    private static final String HUGOS_TOKEN = "GAHT00000016";
    private static final String DANAS_TOKEN = "GAHT00000015";
    private static final String DANAS_KEY = "arn:aws:iam::123456789012:u2f/user/dana/dana-yubikey";

    @Inject
    PortalFixture fixture;

    @AfterEach
    void cleanUp() {
        fixture.reset("dana", "hugo");
        fixture.forgetAudit("dana", "hugo");
    }

    @Test
    void theUserPageShowsEveryKindAndAnyDeviceIsDeactivatedWithAReason() {
        JsonPath dana = given().auth().oauth2(admin()).when().get("/api/v1/admin/users/dana")
                .then().statusCode(200).extract().jsonPath();
        assertThat(dana.getList("devices.name")).containsExactlyInAnyOrder(DANAS_TOKEN, "dana-yubikey");
        assertThat(dana.getList("devices.kind")).containsExactlyInAnyOrder("HARDWARE_TOKEN", "SECURITY_KEY");

        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", DANAS_KEY, "reason", "Key lost at the airport, ticket OPS-1"))
                .when().post("/api/v1/admin/users/dana/mfa/deactivate").then().statusCode(200);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", DANAS_TOKEN, "reason", "Token broken, ticket OPS-2"))
                .when().post("/api/v1/admin/users/dana/mfa/deactivate").then().statusCode(200);

        assertThat(serials("dana")).isEmpty();
        assertThat(fixture.count("SELECT COUNT(*) FROM audit_event WHERE target_user = ? AND action = "
                + "'ADMIN_MFA_DEACTIVATED' AND outcome = 'SUCCESS' AND reason LIKE '%ticket OPS-%'", "dana")).isEqualTo(2);
    }

    @Test
    void onlyASecurityKeyIsNoCodeCapableDevice() {
        // the portal lists their devices once (the admin's user page), and so knows hugo's hardware token
        given().auth().oauth2(admin()).when().get("/api/v1/admin/users/hugo").then().statusCode(200);
        given().auth().oauth2(admin()).when().get("/api/v1/admin/users/dana").then().statusCode(200);
        assertThat(usersWithoutMfa()).doesNotContain("hugo", "dana");

        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", DANAS_TOKEN, "reason", "Token returned, ticket OPS-3"))
                .when().post("/api/v1/admin/users/dana/mfa/deactivate").then().statusCode(200);
        given().auth().oauth2(admin()).when().get("/api/v1/admin/users/dana").then().statusCode(200)
                .body("devices.size()", equalTo(1));

        assertThat(usersWithoutMfa()).contains("dana").doesNotContain("hugo");
        assertThat(serials("hugo")).containsExactly(HUGOS_TOKEN);
    }

    private List<String> usersWithoutMfa() {
        return given().auth().oauth2(admin()).when().get("/api/v1/admin/users-without-mfa?user=")
                .then().statusCode(200).extract().jsonPath().getList("users.userName");
    }

    private static String admin() {
        return Tokens.accessToken("bob");
    }

    private List<String> serials(String user) {
        return fixture.iam().listMfaDevices(user).stream().map(MfaDevice::serialNumber).toList();
    }
}
