package org.mfaportal.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.MfaDevice;
import org.jsoup.nodes.Document;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Admins see every device of every kind and deactivate any one with a reason; an engineer whose only devices are a
 * security key, or nothing, is among the users without a code-capable device; the overview and the users list
 * filter engineers without a backup device. Real Keycloak, PostgreSQL, the
 * emulator over HTTP; dana and hugo come with seeded devices from before the portal.
 */
@QuarkusTest
class DevicesOfEveryKindAdminTest {

    private static final String HUGOS_TOKEN = "GAHT00000016";
    private static final String DANAS_TOKEN = "GAHT00000015";
    private static final String DANAS_KEY = "arn:aws:iam::123456789012:u2f/user/dana/dana-yubikey";

    /** Engineers with one authenticator app, and with two. */
    private static final String ONE_PHONE = "kim";
    private static final String TWO_PHONES = "leo";

    @Inject
    PortalFixture fixture;

    @TestHTTPResource("/")
    URI app;

    @AfterEach
    void cleanUp() {
        fixture.reset("dana", "hugo", ONE_PHONE, TWO_PHONES);
        fixture.forgetAudit("dana", "hugo", ONE_PHONE, TWO_PHONES);
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

    @Test
    void theOverviewAndTheUsersListFilterEngineersWithoutABackupDeviceWithTheKindsTheyHave() {
        Device kimsPhone = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(ONE_PHONE), "phone");
        TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(TWO_PHONES), "phone");
        TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(TWO_PHONES), "backup-phone");
        // the portal lists dana's and hugo's devices once, and so knows their hardware tokens and security key
        given().auth().oauth2(admin()).when().get("/api/v1/admin/users/hugo").then().statusCode(200);
        given().auth().oauth2(admin()).when().get("/api/v1/admin/users/dana").then().statusCode(200);

        // the overview: only the active devices of engineers with fewer than two code-capable devices
        JsonPath overview = given().auth().oauth2(admin()).queryParam("backup", "none")
                .when().get("/api/v1/admin/devices").then().statusCode(200).extract().jsonPath();
        List<String> serials = allSerials(overview);
        assertThat(serials).contains(kimsPhone.serialNumber())
                .noneMatch(serial -> serial.contains("/" + TWO_PHONES + "/"));
        assertThat(overview.getList("devices.status", String.class)).containsOnly("ACTIVE");
        assertThat(allSerials(given().auth().oauth2(admin()).queryParam("user", TWO_PHONES)
                .when().get("/api/v1/admin/devices").then().statusCode(200).extract().jsonPath())).hasSize(2);

        Document page = BrowserSession.signIn(app, "bob").get("/admin?backup=none&user=" + ONE_PHONE);
        assertThat(page.select("#backup option[selected]").attr("value")).isEqualTo("none");
        assertThat(page.select("tbody code.serial").eachText()).containsExactly(kimsPhone.serialNumber());

        // the users list: no backup device, with the kinds they have; dana and hugo's tokens have no second device
        Map<String, String> withoutBackup = kindsOfUsersWithoutMfa("none");
        assertThat(withoutBackup).containsEntry(ONE_PHONE, "[AUTHENTICATOR_APP]")
                .containsEntry("hugo", "[HARDWARE_TOKEN]").doesNotContainKey(TWO_PHONES);
        assertThat(withoutBackup.get("dana")).contains("HARDWARE_TOKEN", "SECURITY_KEY");
        assertThat(kindsOfUsersWithoutMfa(null)).doesNotContainKeys(ONE_PHONE, "hugo", "dana", TWO_PHONES);

        BrowserSession bob = BrowserSession.signIn(app, "bob");
        Document users = bob.get("/admin/users-without-mfa?backup=none&user=dana");
        assertThat(users.select("h1").text()).isEqualTo("Users without a backup device");
        assertThat(users.select("tbody tr").eachText()).singleElement().asString()
                .contains("dana").contains("hardware token, security key");
        assertThat(bob.get("/admin/users/dana").select("#no-backup").text()).contains("No backup device");

        // with the token gone dana has no code-capable device at all: the plain list shows her key
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", DANAS_TOKEN, "reason", "Token returned, ticket OPS-5"))
                .when().post("/api/v1/admin/users/dana/mfa/deactivate").then().statusCode(200);
        Document none = bob.get("/admin/users-without-mfa?user=dana");
        assertThat(none.select("h1").text()).isEqualTo("Users without a code-capable device");
        assertThat(none.select("tbody td.device-kinds").eachText()).containsExactly("security key");
    }

    @Test
    void anUnknownBackupFilterIsRefusedNextToItsField() {
        given().auth().oauth2(admin()).queryParam("backup", "some").when().get("/api/v1/admin/devices")
                .then().statusCode(400).body("errors.backup", org.hamcrest.Matchers.containsString("none"));
        given().auth().oauth2(admin()).queryParam("backup", "some").when().get("/api/v1/admin/users-without-mfa")
                .then().statusCode(400).body("errors.backup", org.hamcrest.Matchers.containsString("none"));
        BrowserSession bob = BrowserSession.signIn(app, "bob");
        Document page = bob.get("/admin?backup=some");
        assertThat(bob.status()).isEqualTo(400);
        assertThat(page.select("#backup-error").text()).contains("none");
    }

    /** Every serial of the overview with these filters, following nextMarker. */
    private static List<String> allSerials(JsonPath first) {
        List<String> serials = new java.util.ArrayList<>(first.getList("devices.serialNumber", String.class));
        String marker = first.getString("nextMarker");
        while (marker != null) {
            JsonPath next = given().auth().oauth2(admin()).queryParam("backup", "none").queryParam("marker", marker)
                    .when().get("/api/v1/admin/devices").then().statusCode(200).extract().jsonPath();
            serials.addAll(next.getList("devices.serialNumber", String.class));
            marker = next.getString("nextMarker");
        }
        return serials;
    }

    /** Users without a code-capable device ({@code backup=none}: without a backup), each with their devices' kinds. */
    private static Map<String, String> kindsOfUsersWithoutMfa(String backup) {
        var request = given().auth().oauth2(admin());
        if (backup != null) {
            request = request.queryParam("backup", backup);
        }
        List<Map<String, Object>> users = request.when().get("/api/v1/admin/users-without-mfa").then().statusCode(200)
                .extract().jsonPath().getList("users");
        Map<String, String> kinds = new java.util.TreeMap<>();
        users.forEach(u -> kinds.put((String) u.get("userName"), String.valueOf(u.get("deviceKinds"))));
        return kinds;
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
