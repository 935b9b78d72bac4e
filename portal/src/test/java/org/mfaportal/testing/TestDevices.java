package org.mfaportal.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.mfaportal.emulator.AwsEmulator;
import org.mfaportal.emulator.Totp;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Enrolls devices through the portal's API and computes their codes the way an authenticator app would, on
 * the emulator's clock. Tests move that clock forward instead of sleeping to get a fresh code.
 */
public final class TestDevices {

    /** A device as the engineer's app knows it. */
    public record Device(String serialNumber, String seed) {
    }

    private TestDevices() {
    }

    /** {@code POST /api/v1/mfa/enrollment}: the device's serial and the seed the portal showed. */
    public static Device enroll(String token) {
        return enroll(token, null);
    }

    /** {@code POST /api/v1/mfa/enrollment} with a device name ({@code null}: the suggested one). */
    public static Device enroll(String token, String name) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON);
        if (name != null) {
            request = request.body(Map.of("name", name));
        }
        JsonPath body = request
                .when().post("/api/v1/mfa/enrollment")
                .then().statusCode(201).extract().jsonPath();
        return new Device(body.getString("serialNumber"), body.getString("secret"));
    }

    /** Enrolls and activates with two consecutive codes; the clock then moves past them. */
    public static Device enrollAndActivate(AwsEmulator aws, String token) {
        return enrollAndActivate(aws, token, null);
    }

    /** Enrolls a named device and activates it. */
    public static Device enrollAndActivate(AwsEmulator aws, String token, String name) {
        Device device = enroll(token, name);
        String[] codes = consecutiveCodes(aws, device.seed());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("serialNumber", device.serialNumber(), "code1", codes[0], "code2", codes[1]))
                .when().post("/api/v1/mfa/enrollment/activate")
                .then().statusCode(200);
        aws.advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
        return device;
    }

    /** The previous and the current code: two consecutive codes, as an app shows them 30 seconds apart. */
    public static String[] consecutiveCodes(AwsEmulator aws, String seed) {
        Instant now = aws.clock().instant();
        return new String[] { Totp.code(seed, now.minusSeconds(Totp.STEP_SECONDS)), Totp.code(seed, now) };
    }

    /** The code the app shows now. */
    public static String currentCode(AwsEmulator aws, String seed) {
        return Totp.code(seed, aws.clock().instant());
    }

    /** Moves to the next time step and returns its code: never used before, as AWS requires. */
    public static String freshCode(AwsEmulator aws, String seed) {
        aws.advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
        return currentCode(aws, seed);
    }

    /** A well-formed code that is not the device's current one. */
    public static String wrongCode(AwsEmulator aws, String seed) {
        String right = currentCode(aws, seed);
        String previous = Totp.code(seed, aws.clock().instant().minusSeconds(Totp.STEP_SECONDS));
        String next = Totp.code(seed, aws.clock().instant().plusSeconds(Totp.STEP_SECONDS));
        for (int i = 0;; i++) {
            String candidate = String.format("%06d", (Integer.parseInt(right) + 111111 * (i + 1)) % 1000000);
            if (!candidate.equals(right) && !candidate.equals(previous) && !candidate.equals(next)) {
                return candidate;
            }
        }
    }
}
