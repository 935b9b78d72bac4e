package org.mfaportal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.mfaportal.browser.Portal.heading;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A same-site neighbour cannot forge a form (issue #14, item 2; decision 0009). rita is signed in; in the same
 * browser she opens a page of another origin on the same host (another port of 127.0.0.1, which shares the
 * portal's cookies). That page plants a CSRF cookie of its choosing and submits a form with the matching value to
 * the portal, the way the old double-submit design could be beaten. The portal refuses it and nothing changes.
 */
@QuarkusIntegrationTest
@TestProfile(BrowserSuiteProfile.class)
class CrossOriginFormsIT {

    @RegisterExtension
    static final PortalBrowser browser = new PortalBrowser();

    static HttpServer neighbour;

    /** The neighbour's page: plants the cookie, then posts the form to the portal at once. */
    static String attackPage() {
        String planted = "A".repeat(43);
        return "<!doctype html><html><head><title>Win a prize</title><script>"
                + "document.cookie = 'mfa-portal-csrf=" + planted + "; path=/';"
                + "window.addEventListener('load', () => document.getElementById('f').submit());"
                + "</script></head><body>"
                + "<form id='f' method='post' action='" + SuiteSettings.APP + "/mfa/enrollment'>"
                + "<input type='hidden' name='csrf-token' value='" + planted + "'></form></body></html>";
    }

    @BeforeAll
    static void startNeighbour() throws IOException {
        neighbour = HttpServer.create(new InetSocketAddress(SuiteSettings.APP.getHost(), 0), 0);
        neighbour.createContext("/", exchange -> {
            byte[] body = attackPage().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        neighbour.start();
    }

    @AfterAll
    static void stopNeighbour() {
        neighbour.stop(0);
    }

    @Test
    void aFormPostedFromAnotherPortOfTheSameHostIsRefusedAndChangesNothing() {
        Page page = browser.page();
        Portal.signIn(page, "rita");
        assertThat(page.getByText("No MFA device")).isVisible();

        String origin = "http://" + SuiteSettings.APP.getHost() + ":" + neighbour.getAddress().getPort();
        page.navigate(origin + "/prize");
        // The form lands on the portal: the answer is its refusal, not the QR code of a new device.
        assertThat(page).hasURL(SuiteSettings.APP + "/mfa/enrollment");
        assertThat(page.getByText("This form has expired")).isVisible();
        assertThat(page.locator("#secret")).hasCount(0);

        page.navigate("/");
        assertThat(heading(page, "Hello")).isVisible();
        assertThat(page.getByText("No MFA device")).isVisible();
    }
}
