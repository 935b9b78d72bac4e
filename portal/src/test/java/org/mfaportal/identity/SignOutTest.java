package org.mfaportal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.KeycloakServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Sign-out ends the session on the server (issue #14, item 9; decision 0009): a copy of the session cookie taken
 * before signing out is refused afterwards, by this replica and (the list is in PostgreSQL) by every other.
 */
@QuarkusTest
class SignOutTest {

    @TestHTTPResource("/")
    URI app;

    @Test
    void aCapturedSessionCookieIsRefusedAfterSignOut() throws Exception {
        BrowserSession browser = BrowserSession.signIn(app, "zack");
        String captured = browser.cookieHeader();
        assertThat(replay(captured).statusCode()).as("the captured cookie works before sign-out").isEqualTo(200);

        browser.get("/logout");
        assertThat(browser.lastResponse().uri().getPath()).isEqualTo("/signed-out");

        HttpResponse<String> replayed = replay(captured);
        assertThat(replayed.statusCode()).as("the captured cookie after sign-out").isEqualTo(401);
        assertThat(replayed.body()).doesNotContain("IAM user zack");
        // The browser that signed out no longer has the cookie: it is sent to sign in as usual.
        browser.get("/");
        assertThat(browser.lastResponse().uri().toString()).startsWith(KeycloakServer.realmUrl());
    }

    @Test
    void anotherSessionOfTheSamePersonIsNotEndedBySigningOutOfOne() throws Exception {
        BrowserSession first = BrowserSession.signIn(app, "zack");
        BrowserSession second = BrowserSession.signIn(app, "zack");
        first.get("/logout");
        assertThat(replay(second.cookieHeader()).statusCode()).isEqualTo(200);
    }

    /** A request with nothing but the given cookies, as someone holding a copy of them would send it. */
    private HttpResponse<String> replay(String cookies) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.resolve("/")).header("Cookie", cookies)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
