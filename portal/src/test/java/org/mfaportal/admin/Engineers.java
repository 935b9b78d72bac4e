package org.mfaportal.admin;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.mfaportal.emulator.AwsEmulator;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.Tokens;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** What engineers do through the API, for admin tests: enroll, activate, remove; and a browser's CSRF token. */
final class Engineers {

    /** A device an engineer activated, with the seed the enrollment returned (the test plays the authenticator). */
    record Device(String serialNumber, String secret) {
    }

    private Engineers() {
    }

    /** Starts an enrollment for {@code user} through the API; returns the new device and its seed. */
    static Device startEnrollment(String user) {
        JsonPath enrollment = given().auth().oauth2(Tokens.accessToken(user)).contentType(ContentType.JSON)
                .when().post("/api/v1/mfa/enrollment")
                .then().statusCode(201).extract().jsonPath();
        return new Device(enrollment.getString("serialNumber"), enrollment.getString("secret"));
    }

    /** Enrolls and activates a device for {@code user} with two consecutive codes computed from its seed. */
    static Device enrollAndActivate(AwsEmulator emulator, String user) {
        Device device = startEnrollment(user);
        Instant now = emulator.clock().instant();
        given().auth().oauth2(Tokens.accessToken(user)).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(),
                        "code1", Totp.code(device.secret(), now.minusSeconds(Totp.STEP_SECONDS)),
                        "code2", Totp.code(device.secret(), now)))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(200);
        return device;
    }

    /**
     * The engineer's active device: the one they have (its seed unknown to the test, {@code secret} null), or a new
     * one enrolled and activated now.
     */
    static Device activeDevice(AwsEmulator emulator, String user) {
        JsonPath me = given().auth().oauth2(Tokens.accessToken(user)).when().get("/api/v1/me")
                .then().statusCode(200).extract().jsonPath();
        if ("ACTIVE".equals(me.getString("mfaState"))) {
            return new Device(me.getString("devices[0].serialNumber"), null);
        }
        return enrollAndActivate(emulator, user);
    }

    /** The engineer removes their own device with a fresh code (the emulator's clock moves to the next step). */
    static void removeOwnDevice(AwsEmulator emulator, String user, Device device) {
        emulator.advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
        given().auth().oauth2(Tokens.accessToken(user)).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(),
                        "code", Totp.code(device.secret(), emulator.clock().instant()), "confirm", true))
                .when().post("/api/v1/mfa/remove")
                .then().statusCode(204);
    }

    /** The MFA state the engineer's own API reports: NONE, PENDING or ACTIVE. */
    static String mfaState(String user) {
        return given().auth().oauth2(Tokens.accessToken(user)).when().get("/api/v1/me")
                .then().statusCode(200).extract().path("mfaState");
    }

    /** The browser's CSRF token, read from the first page of the portal that renders a form. */
    static String csrfToken(BrowserSession browser) {
        for (String page : new String[] { "/", "/mfa/remove", "/mfa/resync", "/credentials" }) {
            Document document = browser.get(page);
            Element field = document.selectFirst("input[name=csrf-token]");
            if (field != null) {
                return field.attr("value");
            }
        }
        throw new IllegalStateException("No page with a form to take the CSRF token from");
    }
}
