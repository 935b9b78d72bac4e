package org.mfaportal.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.mfaportal.emulator.Totp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The suite's standalone emulator, seen from the test: its clock through the control endpoint
 * ({@code /_emulator/clock}), and the codes an authenticator app would show on that clock. The suite moves the
 * clock to the next 30-second step instead of sleeping until the code changes.
 */
final class EmulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    EmulatorControl(URI base) {
        this.base = base;
    }

    static EmulatorControl ofSuite() {
        return new EmulatorControl(SuiteSettings.EMULATOR);
    }

    /** The emulator's "now", which decides which code AWS accepts. */
    Instant now() {
        return Instant.parse(send(HttpRequest.newBuilder(base.resolve("/_emulator/clock")).GET()).get("now").asText());
    }

    /** Moves the emulator's clock on; the real clock is untouched. */
    Instant advance(Duration by) {
        String body = "{\"advanceSeconds\":" + by.toSeconds() + "}";
        send(HttpRequest.newBuilder(base.resolve("/_emulator/clock")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return now();
    }

    /** The code the authenticator app shows now. */
    String currentCode(String seed) {
        return Totp.code(seed, now());
    }

    /** Waits (in emulator time) until the code changes, and returns the new one: never used before. */
    String nextCode(String seed) {
        return Totp.code(seed, advance(Duration.ofSeconds(Totp.STEP_SECONDS)));
    }

    /** A well-formed code that is neither the previous, the current nor the next one. */
    String wrongCode(String seed) {
        return wrongCode(seed, 1);
    }

    /** The {@code n}-th of a series of distinct wrong codes. */
    String wrongCode(String seed, int n) {
        Instant now = now();
        String previous = Totp.code(seed, now.minusSeconds(Totp.STEP_SECONDS));
        String current = Totp.code(seed, now);
        String next = Totp.code(seed, now.plusSeconds(Totp.STEP_SECONDS));
        int found = 0;
        for (int i = 1;; i++) {
            String candidate = String.format("%06d", (Integer.parseInt(current) + 111_111 * i) % 1_000_000);
            if (!candidate.equals(previous) && !candidate.equals(current) && !candidate.equals(next) && ++found == n) {
                return candidate;
            }
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Emulator control answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Emulator control endpoint not reachable at " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
