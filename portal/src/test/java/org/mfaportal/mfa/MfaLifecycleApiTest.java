package org.mfaportal.mfa;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.AssignmentStatus;
import org.mfaportal.aws.VirtualMfaDevice;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.QrImages;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The MFA lifecycle over the API, against the built-in emulator: codes come from the seed the portal returned,
 * computed as an authenticator app would. Each test uses its own engineer so tests cannot disturb each other.
 */
@QuarkusTest
class MfaLifecycleApiTest {

    @Inject
    PortalFixture fixture;

    @Inject
    DataSource dataSource;

    @AfterEach
    void cleanUp() {
        fixture.reset("frank", "grace", "kim", "leo");
        fixture.forgetAudit("frank", "grace", "kim", "leo");
    }

    @Test
    void enrollmentReturnsSecretUriAndQrCodesThatAgree() {
        Response response = given().auth().oauth2(Tokens.accessToken("frank")).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment");
        response.then().statusCode(201).header("Cache-Control", "no-store")
                .body("serialNumber", equalTo("arn:aws:iam::123456789012:mfa/engineers/frank/frank"));
        String secret = response.jsonPath().getString("secret");
        String uri = response.jsonPath().getString("otpauthUri");
        assertThat(uri).startsWith("otpauth://totp/AWS%20123456789012:frank%40123456789012?secret=" + secret)
                .contains("&issuer=AWS%20123456789012");
        assertThat(QrImages.decodePng(Base64.getDecoder().decode(response.jsonPath().getString("qrPngBase64"))))
                .isEqualTo(uri);
        assertThat(QrImages.decodeSvg(response.jsonPath().getString("qrSvg"))).isEqualTo(uri);
        given().auth().oauth2(Tokens.accessToken("frank")).when().get("/api/v1/me")
                .then().body("mfaState", equalTo("PENDING"));
    }

    @Test
    void twoConsecutiveCodesFromTheSeedActivateTheDevice() {
        String token = Tokens.accessToken("frank");
        Device device = TestDevices.enroll(token);
        String[] codes = TestDevices.consecutiveCodes(fixture.aws(), device.seed());

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", codes[0], "code2", codes[1]))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(200).body("serialNumber", equalTo(device.serialNumber()));

        assertThat(fixture.iam().listMfaDevices("frank")).extracting(d -> d.serialNumber()).containsExactly(device.serialNumber());
        given().auth().oauth2(token).when().get("/api/v1/me")
                .then().body("mfaState", equalTo("ACTIVE")).body("devices[0].serialNumber", equalTo(device.serialNumber()));
        assertThat(auditOutcomes("frank", "MFA_ACTIVATED")).containsExactly("SUCCESS");
    }

    @Test
    void wrongCodesAreRefusedAndTheDeviceStaysPendingAndUsable() {
        String token = Tokens.accessToken("grace");
        Device device = TestDevices.enroll(token);
        String wrong = TestDevices.wrongCode(fixture.aws(), device.seed());

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", wrong, "code2",
                        TestDevices.currentCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("mfa-code-invalid"));

        assertThat(fixture.iam().listMfaDevices("grace")).isEmpty();
        given().auth().oauth2(token).when().get("/api/v1/me").then().body("mfaState", equalTo("PENDING"));

        fixture.aws().advanceClock(Duration.ofSeconds(30));
        String[] codes = TestDevices.consecutiveCodes(fixture.aws(), device.seed());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", codes[0], "code2", codes[1]))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(200);
        assertThat(auditOutcomes("grace", "MFA_ACTIVATED")).containsExactly("REJECTED", "SUCCESS");
    }

    @Test
    void nonConsecutiveCodesAreRefused() {
        String token = Tokens.accessToken("grace");
        Device device = TestDevices.enroll(token);
        var now = fixture.aws().clock().instant();
        String older = org.mfaportal.emulator.Totp.code(device.seed(), now.minusSeconds(60));
        String current = org.mfaportal.emulator.Totp.code(device.seed(), now);

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", older, "code2", current))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(400).body("code", equalTo("mfa-code-invalid"));
        assertThat(fixture.iam().listMfaDevices("grace")).isEmpty();
    }

    @Test
    void malformedCodesAreRejectedAtTheEdgeWithoutCountingAsWrong() {
        String token = Tokens.accessToken("kim");
        Device device = TestDevices.enroll(token);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", "12ab56", "code2", "1234567"))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(400).body("code", equalTo("invalid-input"))
                .body("errors", hasKey("code1")).body("errors", hasKey("code2"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", "123456", "code2", "123456"))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(400).body("errors.code2", startsWith("Wait for the code to change"));
        given().contentType(ContentType.JSON).auth().oauth2(token).body("{not json")
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", "kim")).isZero();
    }

    @Test
    void startingAgainReplacesTheUnfinishedDevice() {
        String token = Tokens.accessToken("kim");
        Device first = TestDevices.enroll(token);
        Device second = TestDevices.enroll(token);

        assertThat(second.serialNumber()).isEqualTo(first.serialNumber());
        assertThat(second.seed()).isNotEqualTo(first.seed());
        assertThat(unassignedDevicesOf("kim")).containsExactly(second.serialNumber());
        String[] stale = TestDevices.consecutiveCodes(fixture.aws(), first.seed());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", second.serialNumber(), "code1", stale[0], "code2", stale[1]))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(400).body("code", equalTo("mfa-code-invalid"));
        String[] fresh = TestDevices.consecutiveCodes(fixture.aws(), second.seed());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", second.serialNumber(), "code1", fresh[0], "code2", fresh[1]))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(200);
    }

    @Test
    void aLeftoverDeviceThePortalLostTrackOfIsReplaced() {
        fixture.iam().createVirtualMfaDevice("/engineers/leo/", "leo", Map.of());
        Device device = TestDevices.enroll(Tokens.accessToken("leo"));
        assertThat(unassignedDevicesOf("leo")).containsExactly(device.serialNumber());
    }

    @Test
    void aNinthDeviceIsRefusedWithTheLimitExplained() {
        String token = Tokens.accessToken("leo");
        for (int i = 1; i <= 8; i++) {
            TestDevices.enrollAndActivate(fixture.aws(), token, "device-" + i);
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "ninth"))
                .when().post("/api/v1/mfa/enrollment")
                .then().statusCode(409).body("code", equalTo("device-limit-reached"))
                .body("detail", equalTo("You already have 8 MFA devices, the most AWS allows per user."))
                .body("advice", equalTo("Remove a device you no longer use, then add the new one."));
        assertThat(unassignedDevicesOf("leo")).isEmpty();
        assertThat(fixture.iam().listMfaDevices("leo")).hasSize(8);
        given().auth().oauth2(token).when().get("/api/v1/me").then().body("devices.size()", equalTo(8))
                .body("maxDevices", equalTo(8));
    }

    @Test
    void aSecondDeviceIsABackupWithAName() {
        String token = Tokens.accessToken("leo");
        TestDevices.enrollAndActivate(fixture.aws(), token);
        Device backup = TestDevices.enroll(token);
        assertThat(backup.serialNumber()).isEqualTo("arn:aws:iam::123456789012:mfa/engineers/leo/backup");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "leo"))
                .when().post("/api/v1/mfa/enrollment")
                .then().statusCode(400).body("code", equalTo("invalid-device-name"))
                .body("errors.name", equalTo("You already have a device named \"leo\"."));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "my phone"))
                .when().post("/api/v1/mfa/enrollment")
                .then().statusCode(400).body("code", equalTo("invalid-device-name"));
        Device named = TestDevices.enroll(token, "work-phone");
        assertThat(named.serialNumber()).isEqualTo("arn:aws:iam::123456789012:mfa/engineers/leo/work-phone");
    }

    @Test
    void anotherUsersSerialAnswersNotFound() {
        Device graces = TestDevices.enroll(Tokens.accessToken("grace"));
        String[] codes = TestDevices.consecutiveCodes(fixture.aws(), graces.seed());
        String franks = Tokens.accessToken("frank");

        given().auth().oauth2(franks).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", graces.serialNumber(), "code1", codes[0], "code2", codes[1]))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(404).body("code", equalTo("enrollment-not-found"));
        assertThat(fixture.iam().listMfaDevices("grace")).isEmpty();
        assertThat(fixture.iam().listMfaDevices("frank")).isEmpty();

        TestDevices.enrollAndActivate(fixture.aws(), franks);
        given().auth().oauth2(franks).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", "arn:aws:iam::123456789012:mfa/engineers/kim/kim", "code1", "123456",
                        "code2", "654321"))
                .when().post("/api/v1/mfa/resync")
                .then().statusCode(404).body("code", equalTo("device-not-found"));
    }

    @Test
    void resyncRealignsADriftedDevice() {
        String token = Tokens.accessToken("kim");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        // The phone's clock runs 5 minutes ahead: its codes are far outside AWS's window.
        var phone = fixture.aws().clock().instant().plus(Duration.ofMinutes(5));
        String drifted1 = org.mfaportal.emulator.Totp.code(device.seed(), phone);
        String drifted2 = org.mfaportal.emulator.Totp.code(device.seed(), phone.plusSeconds(30));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code1", drifted1, "code2", drifted2))
                .when().post("/api/v1/mfa/resync")
                .then().statusCode(200).body("serialNumber", equalTo(device.serialNumber()));
        assertThat(auditOutcomes("kim", "MFA_RESYNCED")).containsExactly("SUCCESS");
    }

    @Test
    void resyncWithWrongCodesIsRefused() {
        String token = Tokens.accessToken("kim");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        String wrong = TestDevices.wrongCode(fixture.aws(), device.seed());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code1", wrong, "code2", TestDevices.currentCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/mfa/resync")
                .then().statusCode(400).body("code", equalTo("mfa-code-invalid"));
    }

    @Test
    void removalNeedsConfirmationAndACurrentCodeThenDeletesTheDevice() {
        String token = Tokens.accessToken("frank");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "confirm", false))
                .when().post("/api/v1/mfa/remove")
                .then().statusCode(400).body("code", equalTo("confirmation-required"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.wrongCode(fixture.aws(), device.seed()), "confirm", true))
                .when().post("/api/v1/mfa/remove")
                .then().statusCode(400).body("code", equalTo("mfa-code-invalid"));
        assertThat(fixture.iam().listMfaDevices("frank")).hasSize(1);
        assertThat(fixture.iam().listAccessKeys("frank")).as("the possession check leaves no key").isEmpty();

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "confirm", true))
                .when().post("/api/v1/mfa/remove")
                .then().statusCode(204);
        assertThat(fixture.iam().listMfaDevices("frank")).isEmpty();
        assertThat(unassignedDevicesOf("frank")).isEmpty();
        assertThat(fixture.iam().listAccessKeys("frank")).isEmpty();
        given().auth().oauth2(token).when().get("/api/v1/me").then().body("mfaState", equalTo("NONE"));
        TestDevices.enroll(token);
    }

    @Test
    void aUsedCodeCannotBeReplayed() {
        String token = Tokens.accessToken("grace");
        Device device = TestDevices.enroll(token);
        String[] codes = TestDevices.consecutiveCodes(fixture.aws(), device.seed());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", codes[0], "code2", codes[1]))
                .when().post("/api/v1/mfa/enrollment/activate").then().statusCode(200);

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", codes[1], "confirm", true))
                .when().post("/api/v1/mfa/remove")
                .then().statusCode(400).body("code", equalTo("mfa-code-invalid"));
        assertThat(fixture.iam().listMfaDevices("grace")).hasSize(1);
    }

    @Test
    void fiveWrongCodesLockTheUserOutWithTheTimeLeft() {
        String token = Tokens.accessToken("leo");
        Device device = TestDevices.enroll(token);
        for (int attempt = 1; attempt <= 4; attempt++) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("serialNumber", device.serialNumber(), "code1",
                            TestDevices.wrongCode(fixture.aws(), device.seed()), "code2",
                            TestDevices.currentCode(fixture.aws(), device.seed())))
                    .when().post("/api/v1/mfa/enrollment/activate")
                    .then().statusCode(400);
        }
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", TestDevices.wrongCode(fixture.aws(), device.seed()),
                        "code2", TestDevices.currentCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(423).body("code", equalTo("locked-out")).header("Retry-After", "900");

        String[] right = TestDevices.consecutiveCodes(fixture.aws(), device.seed());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", right[0], "code2", right[1]))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(423).body("advice", startsWith("Try again in 15 minutes"));
        assertThat(fixture.iam().listMfaDevices("leo")).as("locked out: nothing was tried").isEmpty();
        assertThat(auditOutcomes("leo", "MFA_ACTIVATED")).endsWith("LOCKED_OUT");
    }

    @Test
    void theAuditTrailRecordsOutcomesButNeverSecretsOrCodes() {
        String token = Tokens.accessToken("kim");
        Device device = TestDevices.enroll(token);
        String wrong = TestDevices.wrongCode(fixture.aws(), device.seed());
        String current = TestDevices.currentCode(fixture.aws(), device.seed());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", wrong, "code2", current))
                .when().post("/api/v1/mfa/enrollment/activate").then().statusCode(400);

        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM audit_event WHERE target_user = ?")) {
            ps.setString(1, "kim");
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    rows.add(row.toString());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        assertThat(String.join("\n", rows)).doesNotContain(device.seed()).doesNotContain(wrong).doesNotContain(current)
                .contains("MFA_ENROLLMENT_STARTED").contains("MFA_ACTIVATED|REJECTED");
    }

    private List<String> unassignedDevicesOf(String user) {
        return fixture.iam().listAllVirtualMfaDevices(AssignmentStatus.UNASSIGNED).stream().map(VirtualMfaDevice::serialNumber)
                .filter(s -> s.contains("/engineers/" + user + "/")).toList();
    }

    private List<String> auditOutcomes(String user, String action) {
        List<String> outcomes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT outcome FROM audit_event WHERE target_user = ? AND action = ? ORDER BY id")) {
            ps.setString(1, user);
            ps.setString(2, action);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return outcomes;
    }

}
