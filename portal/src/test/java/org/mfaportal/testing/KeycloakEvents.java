package org.mfaportal.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The test Keycloak's own record of what clients asked it (the realm stores introspection events), read through its
 * admin API with the bootstrap admin of {@link KeycloakServer}: proof that the portal did, or did not, call it.
 */
public final class KeycloakEvents {

    private KeycloakEvents() {
    }

    /** How many events of {@code type} (e.g. {@code INTROSPECT_TOKEN_ERROR}) the realm holds. */
    public static int count(String type) {
        String admin = Tokens.encode(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                "password", "admin"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(
                    URI.create(KeycloakServer.url() + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(admin)).build(), HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                throw new IllegalStateException("Keycloak admin sign-in failed: " + token.statusCode());
            }
            String accessToken = new ObjectMapper().readTree(token.body()).get("access_token").asText();
            HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(KeycloakServer.url()
                    + "/admin/realms/" + KeycloakServer.REALM + "/events?max=100000&type=" + type))
                    .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
            if (events.statusCode() != 200) {
                throw new IllegalStateException("Keycloak events: " + events.statusCode());
            }
            JsonNode list = new ObjectMapper().readTree(events.body());
            return list.size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
