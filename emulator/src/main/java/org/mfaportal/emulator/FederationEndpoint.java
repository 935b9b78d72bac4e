package org.mfaportal.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The AWS console federation endpoint ({@code /federation}), as far as the portal uses it: {@code getSigninToken}
 * turns role session credentials into a sign-in token (GetSessionToken credentials are refused, as by AWS), and
 * {@code login} with a valid token answers a page naming the signed-in role session instead of a console.
 */
final class FederationEndpoint {

    static final String PATH = "/federation";
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(String assumedRoleArn, Instant expires) {
    }

    private final AwsEmulator emulator;
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();

    FederationEndpoint(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    Reply handle(String rawQuery, byte[] body) {
        Map<String, String> params = new HashMap<>();
        parse(rawQuery, params);
        parse(new String(body, StandardCharsets.UTF_8), params);
        Instant now = emulator.clock().instant();
        String action = params.getOrDefault("Action", "");
        if (action.equals("getSigninToken")) {
            return signinToken(params.get("Session"), now);
        }
        if (action.equals("login")) {
            Grant grant = tokens.remove(params.getOrDefault("SigninToken", ""));
            if (grant == null || grant.expires().isBefore(now)) {
                return new Reply(400, "text/html", "<html><body><h1>Sign-in token invalid or expired</h1></body></html>");
            }
            return new Reply(200, "text/html", "<html><head><title>Simulated AWS console</title></head><body>"
                    + "<h1>Simulated AWS console</h1><p id=\"signed-in-as\">" + grant.assumedRoleArn()
                    + "</p></body></html>");
        }
        return new Reply(400, "text/plain", "Unknown Action");
    }

    private Reply signinToken(String session, Instant now) {
        if (session == null) {
            return new Reply(400, "text/plain", "Session is required");
        }
        try {
            JsonNode json = JSON.readTree(session);
            EmulatorState.Session found = emulator.state()
                    .session(json.path("sessionId").asText(), json.path("sessionToken").asText())
                    .filter(s -> java.security.MessageDigest.isEqual(s.secret().getBytes(StandardCharsets.UTF_8),
                            json.path("sessionKey").asText().getBytes(StandardCharsets.UTF_8)))
                    .filter(s -> s.expires().isAfter(now))
                    .orElse(null);
            if (found == null) {
                return new Reply(403, "text/plain", "The credentials are invalid or expired");
            }
            if (found.role() == null) {
                // AWS refuses GetSessionToken credentials here: only federated or role sessions open the console.
                return new Reply(400, "text/plain", "GetSessionToken credentials cannot sign in to the console");
            }
            byte[] bytes = new byte[48];
            RANDOM.nextBytes(bytes);
            String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            tokens.put(token, new Grant(found.assumedRoleArn(emulator.accountId()), now.plus(TOKEN_LIFETIME)));
            return new Reply(200, "application/json", "{\"SigninToken\":\"" + token + "\"}");
        } catch (java.io.IOException e) {
            return new Reply(400, "text/plain", "Session is not JSON");
        }
    }

    private static void parse(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                into.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
    }
}
