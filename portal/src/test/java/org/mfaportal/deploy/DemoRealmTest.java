package org.mfaportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mfaportal.testing.KeycloakServer;

/**
 * The demo realm (config/keycloak/mfa-portal-realm.json) lets a portal on any port of 127.0.0.1 sign people in
 * (loopback redirect URIs, RFC 8252 7.3), so a local run on another port does not meet Keycloak's
 * "Invalid parameter: redirect_uri"; other hosts stay refused. Asked of the real Keycloak.
 */
class DemoRealmTest {

    @Test
    void aPortalOnAnyLocalPortMaySignPeopleIn() throws Exception {
        for (int port : new int[] { 18799, 3000, 443 }) {
            HttpResponse<String> page = signIn("http://127.0.0.1:" + port + "/");
            assertThat(page.statusCode()).as("port " + port).isEqualTo(200);
            assertThat(page.body()).as("port " + port).contains("kc-form-login").doesNotContain("Invalid parameter");
        }
    }

    @Test
    void anotherHostIsStillRefused() throws Exception {
        HttpResponse<String> page = signIn("http://portal.attacker.example:18799/");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Invalid parameter: redirect_uri");
    }

    private static HttpResponse<String> signIn(String redirectUri) throws Exception {
        URI authorize = URI.create(KeycloakServer.realmUrl() + "/protocol/openid-connect/auth?client_id=mfa-portal"
                + "&response_type=code&scope=openid&code_challenge_method=S256"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&state=s&nonce=n&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
