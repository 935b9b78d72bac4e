package org.mfaportal.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The test Keycloak's own record of what clients asked it (the realm's event store), read through its admin API with
 * the bootstrap admin of {@link KeycloakServer}: proof that the portal did, or did not, call it. The event store is
 * switched on here, through the admin API, whatever the realm file says: a count of zero must mean "not called",
 * never "not recorded" (so the same test also tells the truth against an older realm file).
 */
public final class KeycloakEvents {

    private KeycloakEvents() {
    }

    /** Makes the realm store events of {@code types} from now on (idempotent). */
    public static void record(String... types) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            String bearer = "Bearer " + adminToken(http);
            URI config = URI.create(KeycloakServer.url() + "/admin/realms/" + KeycloakServer.REALM + "/events/config");
            HttpResponse<String> current = http.send(HttpRequest.newBuilder(config).header("Authorization", bearer)
                    .build(), HttpResponse.BodyHandlers.ofString());
            ObjectNode settings = (ObjectNode) new ObjectMapper().readTree(current.body());
            ArrayNode enabled = settings.withArray("enabledEventTypes");
            boolean changed = !settings.path("eventsEnabled").asBoolean(false);
            for (String type : types) {
                boolean present = false;
                for (JsonNode each : enabled) {
                    present |= each.asText().equals(type);
                }
                if (!present) {
                    enabled.add(type);
                    changed = true;
                }
            }
            if (!changed) {
                return;
            }
            settings.put("eventsEnabled", true);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(config).header("Authorization", bearer)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(settings.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() / 100 != 2) {
                throw new IllegalStateException("Keycloak events config: " + put.statusCode() + " " + put.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many events of {@code type} (e.g. {@code INTROSPECT_TOKEN_ERROR}) the realm holds. */
    public static int count(String type) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(KeycloakServer.url()
                    + "/admin/realms/" + KeycloakServer.REALM + "/events?max=100000&type=" + type))
                    .header("Authorization", "Bearer " + adminToken(http)).build(), HttpResponse.BodyHandlers.ofString());
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

    private static String adminToken(HttpClient http) throws IOException, InterruptedException {
        String admin = Tokens.encode(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                "password", "admin"));
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(
                URI.create(KeycloakServer.url() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(admin)).build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin sign-in failed: " + token.statusCode());
        }
        return new ObjectMapper().readTree(token.body()).get("access_token").asText();
    }
}
