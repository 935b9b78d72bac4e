package org.mfaportal.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.KeycloakServer;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Sign-in against the real Keycloak: the browser code flow, bearer tokens on the API, admins, unmapped users. */
@QuarkusTest
class SignInTest {

    @TestHTTPResource("/")
    URI app;

    @Test
    void browserSignsInThroughKeycloakFormAndSeesHomePage() {
        BrowserSession browser = BrowserSession.anonymous(app);
        Document login = browser.get("/");
        assertThat(browser.lastResponse().uri().toString()).startsWith(KeycloakServer.realmUrl());
        assertThat(login.selectFirst("form#kc-form-login")).isNotNull();

        Document home = browser.signInAs("alice");

        assertThat(browser.status()).isEqualTo(200);
        assertThat(browser.lastResponse().uri().getPath()).isEqualTo("/");
        assertThat(home.select("h1").text()).contains("Alice");
        assertThat(home.text()).contains("IAM user alice").contains("No MFA device");
        assertThat(home.select("a[href=/admin]")).isEmpty();
    }

    @Test
    void pagesCarrySecurityHeaders() {
        BrowserSession browser = BrowserSession.signIn(app, "alice");
        var headers = browser.lastResponse().headers();
        assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(headers.firstValue("Cache-Control")).contains("no-store");
        assertThat(headers.firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void adminSeesAdminMenu() {
        Document home = BrowserSession.signIn(app, "bob").get("/");
        assertThat(home.select("a[href=/admin]")).hasSize(1);
        assertThat(home.text()).contains("admin");
    }

    @Test
    void signOutEndsTheSessionAtThePortalAndAtKeycloak() {
        BrowserSession browser = BrowserSession.signIn(app, "alice");
        Document signedOut = browser.get("/logout");
        assertThat(browser.lastResponse().uri().getPath()).isEqualTo("/signed-out");
        assertThat(signedOut.text()).contains("You are signed out");

        Document again = browser.get("/");
        assertThat(again.selectFirst("form#kc-form-login")).as("must sign in again").isNotNull();
    }

    @Test
    void apiAcceptsBearerToken() {
        given().auth().oauth2(Tokens.accessToken("alice"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("iamUserName", equalTo("alice"))
                .body("admin", is(false))
                .body("mfaState", equalTo("NONE"));
    }

    @Test
    void apiHonoursAdminGroup() {
        given().auth().oauth2(Tokens.accessToken("bob"))
                .when().get("/api/v1/me")
                .then().statusCode(200).body("iamUserName", equalTo("bob")).body("admin", is(true));
    }

    @Test
    void apiWithoutTokenAnswers401AndNeverRedirects() {
        given().redirects().follow(false)
                .when().get("/api/v1/me")
                .then().statusCode(401);
    }

    @Test
    void apiRejectsTamperedToken() {
        String[] parts = Tokens.accessToken("alice").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"alice\"", "\"bob\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        given().auth().oauth2(forged).redirects().follow(false)
                .when().get("/api/v1/me")
                .then().statusCode(401);
    }

    @Test
    void apiRejectsTokenIssuedForAnotherAudience() {
        String token = Tokens.accessToken("other-app", "other-app-secret", "alice");
        given().auth().oauth2(token).redirects().follow(false)
                .when().get("/api/v1/me")
                .then().statusCode(401);
    }

    @Test
    void apiRejectsExpiredToken() {
        String token = Tokens.accessToken("mfa-portal-short-lived", "short-lived-secret", "alice");
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200);
        // The client's tokens live 2 seconds: wait for this one to expire (time passing, not a race).
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int status = 200;
        while (status == 200 && Instant.now().isBefore(deadline)) {
            status = given().auth().oauth2(token).redirects().follow(false).when().get("/api/v1/me").statusCode();
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void userOutsideManagedPathIsRefusedOnTheApi() {
        given().auth().oauth2(Tokens.accessToken("carol"))
                .when().get("/api/v1/me")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("identity-not-mapped"));
    }

    @Test
    void userOutsideManagedPathSeesWhyAndNothingElse() {
        BrowserSession browser = BrowserSession.signIn(app, "carol");
        assertThat(browser.status()).isEqualTo(403);
        Document page = browser.get("/");
        assertThat(page.text()).contains("outside the path this portal manages");
        assertThat(page.select("form[action=/mfa/enrollment]")).isEmpty();
    }

    @Test
    void userWithoutIamUserIsRefused() {
        given().auth().oauth2(Tokens.accessToken("dave"))
                .when().get("/api/v1/me")
                .then().statusCode(403).body("code", equalTo("identity-not-mapped"));
        Document page = BrowserSession.signIn(app, "dave").get("/");
        assertThat(page.text()).contains("There is no IAM user named dave");
    }
}
