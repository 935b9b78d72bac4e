package org.mfaportal.credentials;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.AwsConsole;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The issuance path takes the device's serial from the portal's own records, not from {@code ListMFADevices}
 * (decision 0012). A device changed in the AWS console behind the portal's back (removed, replaced by another,
 * set up again under the same name) gets a clear answer once STS refuses its stale serial, not a wrong-code count,
 * and the code is never sent to AWS a second time.
 */
@QuarkusTest
class ChangedDeviceTest {

    private static final String USER = "theo";

    @Inject
    PortalFixture fixture;

    private AwsConsole console;

    @BeforeEach
    void openConsole() {
        fixture.reset(USER);
        console = new AwsConsole(fixture.aws(), fixture.awsEndpoint());
    }

    @AfterEach
    void cleanUp() {
        console.close();
        fixture.reset(USER);
    }

    @Test
    void anIssuanceDoesNotAskIamForTheDevices() {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        long listings = fixture.aws().calls("ListMFADevices");

        issue(TestDevices.freshCode(fixture.aws(), device.seed())).statusCode(200);
        issue(TestDevices.freshCode(fixture.aws(), device.seed())).statusCode(200);

        assertThat(fixture.aws().calls("ListMFADevices")).as("the serial came from the portal's records")
                .isEqualTo(listings);
    }

    @Test
    void aDeviceRemovedInTheConsoleGetsAClearAnswerAndNoWrongCodeCount() {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER), "phone");
        issue(TestDevices.freshCode(fixture.aws(), device.seed())).statusCode(200);
        console.removeDevice(USER, device.serialNumber());
        long sent = fixture.aws().calls("GetSessionToken");

        issue(TestDevices.freshCode(fixture.aws(), device.seed())).statusCode(409)
                .body("code", equalTo("device-no-longer-in-aws"))
                .body("detail", containsString("\"phone\" is no longer one of your MFA devices in AWS"))
                .body("detail", containsString("removed outside the portal"))
                .body("advice", containsString("set up a new one"));

        assertThat(fixture.aws().calls("GetSessionToken")).as("the code went to AWS once").isEqualTo(sent + 1);
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", USER))
                .as("not counted as a wrong code").isZero();
        assertThat(fixture.count("SELECT COUNT(*) FROM mfa_device WHERE user_name = ?", USER))
                .as("the portal's records follow AWS").isZero();
        // and the next attempt says what is true now, without STS
        issue(TestDevices.freshCode(fixture.aws(), device.seed())).statusCode(409)
                .body("code", equalTo("no-active-device"));
        assertThat(fixture.aws().calls("GetSessionToken")).isEqualTo(sent + 1);
    }

    @Test
    void aDeviceReplacedByAnotherInTheConsoleNamesTheNewOneAndItsNextCodeWorks() {
        Device phone = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER), "phone");
        issue(TestDevices.freshCode(fixture.aws(), phone.seed())).statusCode(200);
        console.removeDevice(USER, phone.serialNumber());
        Device tablet = console.assignDevice(USER, "/", "theo-tablet");
        long sent = fixture.aws().calls("GetSessionToken");

        // the engineer types a code from the device they have now; the portal still has "phone" on record
        issue(TestDevices.freshCode(fixture.aws(), tablet.seed())).statusCode(409)
                .body("code", equalTo("device-no-longer-in-aws"))
                .body("detail", containsString("\"phone\""))
                .body("advice", containsString("\"theo-tablet\""));

        assertThat(fixture.aws().calls("GetSessionToken")).as("that code was not tried again with the new serial")
                .isEqualTo(sent + 1);
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", USER)).isZero();
        issue(TestDevices.freshCode(fixture.aws(), tablet.seed())).statusCode(200);
    }

    @Test
    void aDeviceSetUpAgainUnderTheSameNameInTheConsoleSaysSoOnceThenCodesCount() {
        Device phone = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER), "phone");
        issue(TestDevices.freshCode(fixture.aws(), phone.seed())).statusCode(200);
        console.removeDevice(USER, phone.serialNumber());
        // same path and name: the same serial, a new seed
        Device again = console.assignDevice(USER, "/engineers/" + USER + "/", "phone");
        assertThat(again.serialNumber()).isEqualTo(phone.serialNumber());

        // a code from the old entry in the app
        issue(TestDevices.freshCode(fixture.aws(), phone.seed())).statusCode(409)
                .body("code", equalTo("device-replaced-in-aws"))
                .body("detail", containsString("\"phone\" was deleted and set up again outside the portal"));
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", USER)).isZero();

        // the records know the new device now: the old entry's next code is a wrong code, counted
        issue(TestDevices.freshCode(fixture.aws(), phone.seed())).statusCode(400)
                .body("code", equalTo("mfa-code-invalid"));
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", USER)).isEqualTo(1);
        issue(TestDevices.freshCode(fixture.aws(), again.seed())).statusCode(200);
    }

    @Test
    void aWrongCodeForADeviceStillInAwsCountsAsBefore() {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        issue(TestDevices.freshCode(fixture.aws(), device.seed())).statusCode(200);

        issue(TestDevices.wrongCode(fixture.aws(), device.seed())).statusCode(400)
                .body("code", equalTo("mfa-code-invalid"));

        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", USER)).isEqualTo(1);
    }

    @Test
    void aDeviceAddedInTheConsoleIsFoundByItsSerialThoughNotYetOnRecord() {
        Device phone = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER), "phone");
        issue(TestDevices.freshCode(fixture.aws(), phone.seed())).statusCode(200);
        Device token = console.assignDevice(USER, "/", "theo-backup");

        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), token.seed()), "serialNumber",
                        token.serialNumber()))
                .when().post("/api/v1/credentials")
                .then().statusCode(200);
    }

    private ValidatableResponse issue(String code) {
        return given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .when().post("/api/v1/credentials")
                .then();
    }
}
