package org.mfaportal.mfa;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.MfaDevice;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * One engineer with every kind of device, against real Keycloak, PostgreSQL and the emulator over HTTP: dana has a
 * hardware token and a security key from before the portal (seeded, %test.portal.emulator.seed-devices) and adds two
 * authenticator apps; hugo has a hardware token of his own.
 */
@QuarkusTest
class DevicesOfEveryKindTest {

    private static final String TOKEN = "GAHT00000015";
    private static final String TOKEN_SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String KEY = "arn:aws:iam::123456789012:u2f/user/dana/dana-yubikey";
    private static final String HUGOS_TOKEN = "GAHT00000016";

    @Inject
    PortalFixture fixture;

    private String dana;
    private Device phone;
    private Device tablet;

    @BeforeEach
    void twoAppsBesideTheTokenAndTheKey() {
        dana = Tokens.accessToken("dana");
        phone = TestDevices.enrollAndActivate(fixture.aws(), dana, "phone");
        tablet = TestDevices.enrollAndActivate(fixture.aws(), dana, "tablet");
    }

    @AfterEach
    void cleanUp() {
        fixture.reset("dana", "hugo");
        fixture.forgetAudit("dana", "hugo");
    }

    @Test
    void everyDeviceIsListedWithItsNameAndKind() {
        JsonPath me = given().auth().oauth2(dana).when().get("/api/v1/me").then().statusCode(200).extract().jsonPath();
        assertThat(me.getList("devices.name")).containsExactlyInAnyOrder("phone", "tablet", TOKEN, "dana-yubikey");
        assertThat(device(me, "phone")).containsEntry("kind", "AUTHENTICATOR_APP").containsEntry("codeCapable", true)
                .containsEntry("createdByPortal", true)
                .containsEntry("serialNumber", "arn:aws:iam::123456789012:mfa/engineers/dana/phone");
        assertThat(device(me, TOKEN)).containsEntry("kind", "HARDWARE_TOKEN").containsEntry("codeCapable", true)
                .containsEntry("createdByPortal", false);
        assertThat(device(me, "dana-yubikey")).containsEntry("kind", "SECURITY_KEY")
                .containsEntry("codeCapable", false).containsEntry("serialNumber", KEY);
        assertThat(me.getInt("maxDevices")).isEqualTo(8);
    }

    @Test
    void credentialsComeWithACodeFromEachDeviceThatShowsCodesAndNeverFromTheSecurityKey() {
        credentials(Map.of("code", fresh(phone.seed()), "serialNumber", phone.serialNumber())).statusCode(200);
        credentials(Map.of("code", fresh(tablet.seed()), "serialNumber", tablet.serialNumber())).statusCode(200);
        credentials(Map.of("code", fresh(TOKEN_SEED), "serialNumber", TOKEN)).statusCode(200);
        // the command-line helper names the device
        credentials(Map.of("code", fresh(TOKEN_SEED), "deviceName", TOKEN)).statusCode(200);

        credentials(Map.of("code", fresh(TOKEN_SEED), "serialNumber", KEY)).statusCode(400)
                .body("code", equalTo("security-key-has-no-codes"))
                .body("detail", containsString("AWS accepts it for console sign-in only"));
        assertThat(fixture.count("SELECT COUNT(*) FROM audit_event WHERE target_user = ? AND action = "
                + "'CREDENTIALS_ISSUED' AND outcome = 'SUCCESS'", "dana")).isEqualTo(4);
    }

    @Test
    void withoutAChoiceTheDeviceUsedLastIsTheDefault() {
        credentials(Map.of("code", fresh(TOKEN_SEED), "serialNumber", TOKEN)).statusCode(200);

        credentials(Map.of("code", fresh(TOKEN_SEED))).statusCode(200);
        // the phone's code is not the token's: the default is the token, and the answer names it
        credentials(Map.of("code", fresh(phone.seed()))).statusCode(400).body("code", equalTo("mfa-code-invalid"))
                .body("detail", containsString("hardware token \"" + TOKEN + "\""));
    }

    @Test
    void aCodeFromAnotherDeviceIsAWrongCodeThatNamesTheChosenDevice() {
        String tabletCode = fresh(tablet.seed());
        credentials(Map.of("code", tabletCode, "serialNumber", phone.serialNumber())).statusCode(400)
                .body("code", equalTo("mfa-code-invalid"))
                .body("detail", containsString("authenticator app \"phone\""))
                .body("advice", containsString("Check that the code comes from \"phone\""));
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", "dana")).isEqualTo(1);
        // the same code with the right device is still good: a wrong code uses nothing up
        credentials(Map.of("code", tabletCode, "serialNumber", tablet.serialNumber())).statusCode(200);
    }

    @Test
    void aLostPhoneIsRemovedWithACodeFromTheBackup() {
        given().auth().oauth2(dana).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", phone.serialNumber(), "proofSerialNumber", tablet.serialNumber(),
                        "code", fresh(tablet.seed()), "confirm", true))
                .when().post("/api/v1/mfa/remove").then().statusCode(204);

        assertThat(serials("dana")).containsExactlyInAnyOrder(tablet.serialNumber(), TOKEN, KEY);
        assertThat(fixture.aws().seedOf(phone.serialNumber())).as("deleted, not left behind").isEmpty();
        assertThat(fixture.count("SELECT COUNT(*) FROM audit_event WHERE target_user = ? AND action = 'MFA_REMOVED' "
                + "AND outcome = 'SUCCESS' AND detail LIKE '%proven with%tablet'", "dana")).isEqualTo(1);
    }

    @Test
    void devicesFromBeforeThePortalAreResyncedAndRemovedToo() {
        fixture.aws().advanceClock(Duration.ofSeconds(60));
        String[] codes = TestDevices.consecutiveCodes(fixture.aws(), TOKEN_SEED);
        given().auth().oauth2(dana).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", TOKEN, "code1", codes[0], "code2", codes[1]))
                .when().post("/api/v1/mfa/resync").then().statusCode(200).body("name", equalTo(TOKEN));

        // a security key shows no code: it is removed with a code from another device
        remove(KEY, null, fresh(TOKEN_SEED)).statusCode(400).body("code", equalTo("security-key-has-no-codes"));
        remove(KEY, TOKEN, fresh(TOKEN_SEED)).statusCode(204);
        remove(TOKEN, null, fresh(TOKEN_SEED)).statusCode(204);
        assertThat(serials("dana")).containsExactlyInAnyOrder(phone.serialNumber(), tablet.serialNumber());
    }

    @Test
    void aVirtualDeviceFromTheConsoleIsUsableButOnlyAnAdminRemovesIt() {
        var console = fixture.iam().createVirtualMfaDevice("/", "dana-console", Map.of());
        fixture.aws().advanceClock(Duration.ofSeconds(30));
        var now = fixture.aws().clock().instant();
        fixture.iam().enableMfaDevice("dana", console.serialNumber(),
                Totp.code(console.base32Seed(), now.minusSeconds(30)), Totp.code(console.base32Seed(), now));

        JsonPath me = given().auth().oauth2(dana).when().get("/api/v1/me").then().extract().jsonPath();
        assertThat(device(me, "dana-console")).containsEntry("createdByPortal", false)
                .containsEntry("kind", "AUTHENTICATOR_APP");
        credentials(Map.of("code", fresh(console.base32Seed()), "serialNumber", console.serialNumber()))
                .statusCode(200);
        remove(console.serialNumber(), null, fresh(console.base32Seed())).statusCode(409)
                .body("code", equalTo("device-not-removable"));
        assertThat(serials("dana")).contains(console.serialNumber());
    }

    @Test
    void anotherEngineersSerialAnswersNotFoundInEveryRequest() {
        String code = fresh(TOKEN_SEED);
        credentials(Map.of("code", code, "serialNumber", HUGOS_TOKEN)).statusCode(404)
                .body("code", equalTo("device-not-found"));
        given().auth().oauth2(dana).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", HUGOS_TOKEN, "code1", "123456", "code2", "654321"))
                .when().post("/api/v1/mfa/resync").then().statusCode(404).body("code", equalTo("device-not-found"));
        remove(HUGOS_TOKEN, null, code).statusCode(404).body("code", equalTo("device-not-found"));
        remove(phone.serialNumber(), HUGOS_TOKEN, code).statusCode(404).body("code", equalTo("device-not-found"));

        assertThat(serials("hugo")).containsExactly(HUGOS_TOKEN);
        assertThat(serials("dana")).hasSize(4);
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", "dana")).isZero();
    }

    private ValidatableResponse credentials(Map<String, Object> body) {
        Map<String, Object> request = new HashMap<>(body);
        request.putIfAbsent("durationSeconds", 900);
        return given().auth().oauth2(dana).contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/credentials?format=json").then();
    }

    private ValidatableResponse remove(String serial, String proof, String code) {
        Map<String, Object> body = new HashMap<>(Map.of("serialNumber", serial, "code", code, "confirm", true));
        if (proof != null) {
            body.put("proofSerialNumber", proof);
        }
        return given().auth().oauth2(dana).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/mfa/remove").then();
    }

    private String fresh(String seed) {
        return TestDevices.freshCode(fixture.aws(), seed);
    }

    private List<String> serials(String user) {
        return fixture.iam().listMfaDevices(user).stream().map(MfaDevice::serialNumber).toList();
    }

    private static Map<String, Object> device(JsonPath me, String name) {
        List<Map<String, Object>> devices = me.getList("devices");
        return devices.stream().filter(d -> name.equals(d.get("name"))).findFirst().orElseThrow();
    }
}
