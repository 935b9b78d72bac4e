package org.mfaportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The CSRF token belongs to one signed-in session (issue #14, item 2; decision 0009): a token from another
 * session, even of the same person, does not pass; nor does a request carrying a cookie name twice. The browser
 * suite's {@code CrossOriginFormsIT} shows the attack itself from a second origin in Chromium.
 */
@QuarkusTest
class CsrfBindingTest {

    static final String USER = "xena";

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
    }

    @Test
    void aCookieAndFieldPairPlantedByASameSiteNeighbourIsRefused() throws Exception {
        BrowserSession victim = BrowserSession.signIn(app, USER);
        victim.get("/");
        // What a page on another port of the same host can do: set a cookie of its choosing for this host, then
        // post a form with the same value (the double-submit pair of the old design, with the duplicate last).
        String planted = "A".repeat(43);
        HttpResponse<String> forged = post(victim.cookieHeader() + "; mfa-portal-csrf=" + planted, planted);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(fixture.count("SELECT COUNT(*) FROM pending_enrollment WHERE user_name = ?", USER)).isZero();
    }

    @Test
    void aTokenFromAnotherSessionIsRefusedAndChangesNothing() throws Exception {
        BrowserSession attacker = BrowserSession.signIn(app, USER);
        String attackersToken = token(attacker.get("/"));
        BrowserSession victim = BrowserSession.signIn(app, USER);
        assertThat(token(victim.get("/"))).as("each session has its own token").isNotEqualTo(attackersToken);

        HttpResponse<String> forged = post(victim.cookieHeader(), attackersToken);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("This form has expired");
        assertThat(fixture.count("SELECT COUNT(*) FROM pending_enrollment WHERE user_name = ?", USER)).isZero();
    }

    @Test
    void theSessionsOwnTokenPassesButNotWithADuplicateCookie() throws Exception {
        BrowserSession victim = BrowserSession.signIn(app, USER);
        String token = token(victim.get("/"));
        String cookies = victim.cookieHeader();
        String first = cookies.split(";")[0].strip();

        HttpResponse<String> duplicated = post(cookies + "; " + first, token);
        assertThat(duplicated.statusCode()).isEqualTo(403);
        assertThat(fixture.count("SELECT COUNT(*) FROM pending_enrollment WHERE user_name = ?", USER)).isZero();

        HttpResponse<String> genuine = post(cookies, token);
        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(fixture.count("SELECT COUNT(*) FROM pending_enrollment WHERE user_name = ?", USER)).isOne();
    }

    @Test
    void duplicateCookieNamesAreFound() {
        assertThat(CsrfFilter.hasDuplicateCookie(List.of("a=1; b=2; a=3"))).isTrue();
        assertThat(CsrfFilter.hasDuplicateCookie(List.of("a=1", "a=2"))).isTrue();
        assertThat(CsrfFilter.hasDuplicateCookie(List.of("a=1; b=2"))).isFalse();
        assertThat(CsrfFilter.hasDuplicateCookie(null)).isFalse();
    }

    private static String token(Document page) {
        return page.selectFirst("input[name=" + CsrfToken.FIELD + "]").val();
    }

    private HttpResponse<String> post(String cookies, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.resolve("/mfa/enrollment"))
                .header("Cookie", cookies).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(CsrfToken.FIELD + "=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
