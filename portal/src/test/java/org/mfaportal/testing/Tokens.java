package org.mfaportal.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Real access tokens from the test Keycloak (resource-owner password grant of test-only clients). */
public final class Tokens {

    public static final String PORTAL_CLIENT = "mfa-portal";
    public static final String PORTAL_SECRET = "mfa-portal-demo-secret-change-me";

    private Tokens() {
    }

    /** An access token for the portal, as {@code user} (whose password equals the user name in the demo realm). */
    public static String accessToken(String user) {
        return accessToken(PORTAL_CLIENT, PORTAL_SECRET, user);
    }

    public static String accessToken(String clientId, String clientSecret, String user) {
        return grant(clientId, clientSecret, user).get("access_token").asText();
    }

    /** The whole token response (access, refresh, expiry). */
    public static JsonNode grant(String clientId, String clientSecret, String user) {
        Map<String, String> form = Map.of("grant_type", "password", "client_id", clientId, "client_secret",
                clientSecret, "username", user, "password", user, "scope", "openid");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(KeycloakServer.realmUrl() + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Token request failed: " + response.statusCode() + " " + response.body());
            }
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
