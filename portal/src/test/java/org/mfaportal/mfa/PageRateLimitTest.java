package org.mfaportal.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.ratelimit.RateLimiter;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The pages share the API's per-person budgets (issue #14, item 6): a browser is no way around them. */
@QuarkusTest
class PageRateLimitTest {

    static final String USER = "quinn";

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @Inject
    RateLimiter rateLimiter;

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
    }

    @Test
    void enrollmentsThroughThePagesStopAtTheApisLimit() {
        BrowserSession browser = BrowserSession.signIn(app, USER);
        int limit = rateLimiter.limit(RateLimiter.Action.ENROLLMENT);
        for (int i = 0; i < limit; i++) {
            Document started = browser.submitForm(browser.get("/"), "/mfa/enrollment", Map.of());
            assertThat(browser.status()).as("enrollment %d", i + 1).isEqualTo(200);
            assertThat(started.selectFirst("#secret")).isNotNull();
        }
        long devices = fixture.iam().listAllVirtualMfaDevices(
                org.mfaportal.aws.AssignmentStatus.UNASSIGNED).stream()
                .filter(d -> d.serialNumber().contains("/" + USER + "/")).count();
        Document refused = browser.submitForm(browser.get("/"), "/mfa/enrollment", Map.of());
        assertThat(browser.status()).isEqualTo(429);
        assertThat(refused.selectFirst("#secret")).isNull();
        assertThat(fixture.iam().listAllVirtualMfaDevices(org.mfaportal.aws.AssignmentStatus.UNASSIGNED).stream()
                .filter(d -> d.serialNumber().contains("/" + USER + "/")).count()).isEqualTo(devices);
    }

    @Test
    void credentialsThroughThePagesStopAtTheApisLimit() {
        TestDevices.Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        for (int i = 0; i < rateLimiter.limit(RateLimiter.Action.CREDENTIALS); i++) {
            rateLimiter.acquire(USER, RateLimiter.Action.CREDENTIALS);
        }
        BrowserSession browser = BrowserSession.signIn(app, USER);
        Document refused = browser.submitForm(browser.get("/credentials"), "/credentials",
                Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())));
        assertThat(browser.status()).isEqualTo(429);
        assertThat(refused.text()).doesNotContain("AWS_SECRET_ACCESS_KEY");
        assertThat(fixture.iam().listAccessKeys(USER)).isEmpty();
    }
}
