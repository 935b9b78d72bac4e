package org.mfaportal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.browser.Portal.heading;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A same-site neighbour cannot forge an admin's form (issue #14, item 2; decision 0009). The neighbour is a page of
 * another origin on the same host: another port of 127.0.0.1, which shares the portal's cookies (cookies know hosts,
 * not ports). Against the old double-submit design (a random token in a cookie without the {@code __Host-} prefix,
 * the same token in the form, any well-formed cookie taken as the token) it plants a long-lived CSRF cookie of its
 * choosing before the admin signs in; the portal then adopts it as the admin's token, and the neighbour's
 * self-submitting form carries the matching value. Chromium refuses the two other plantings one might try (it
 * will not let a script overwrite the portal's HttpOnly cookie, nor store a nameless cookie whose value holds
 * {@code =}), and a cookie on a longer path is sent first, where the old portal did not look. This class reproduces
 * the planting that worked against that design (612b6fc: the session revocation happened) and shows that the
 * portal now refuses the form and changes nothing.
 */
@QuarkusIntegrationTest
@TestProfile(BrowserSuiteProfile.class)
class CrossOriginFormsIT {

    static final String PLANTED = "A".repeat(43);
    static final String TARGET = "alice";

    @RegisterExtension
    static final PortalBrowser browser = new PortalBrowser();

    static HttpServer neighbour;

    /** Any page of the neighbour: plants its CSRF cookie for the host (a year long, so it outlives sign-ins). */
    static String welcomePage() {
        return "<!doctype html><html><head><title>Welcome</title><script>"
                + "document.cookie = 'mfa-portal-csrf=" + PLANTED + "; path=/; max-age=31536000';"
                + "</script></head><body><h1>Welcome</h1></body></html>";
    }

    /** The neighbour's bait: posts the admin's "revoke all sessions" form for alice to the portal at once. */
    static String prizePage() {
        return "<!doctype html><html><head><title>Win a prize</title><script>"
                + "window.addEventListener('load', () => document.getElementById('f').submit());"
                + "</script></head><body>"
                + "<form id='f' method='post' action='" + SuiteSettings.APP + "/admin/users/" + TARGET
                + "/sessions/revoke'>"
                + "<input type='hidden' name='csrf-token' value='" + PLANTED + "'>"
                + "<input type='hidden' name='reason' value='Forged by a neighbour page'></form></body></html>";
    }

    @BeforeAll
    static void startNeighbour() throws IOException {
        neighbour = HttpServer.create(new InetSocketAddress(SuiteSettings.APP.getHost(), 0), 0);
        neighbour.createContext("/", exchange -> {
            String page = exchange.getRequestURI().getPath().equals("/prize") ? prizePage() : welcomePage();
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
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
    void anAdminFormForgedWithACookiePlantedFromAnotherPortIsRefusedAndChangesNothing() {
        String origin = "http://" + SuiteSettings.APP.getHost() + ":" + neighbour.getAddress().getPort();
        Page page = browser.page();
        page.navigate(origin + "/welcome");
        assertThat(heading(page, "Welcome")).isVisible();
        assertThat(browser.context().cookies(SuiteSettings.APP.toString()).stream()
                .anyMatch(c -> c.name.equals("mfa-portal-csrf") && c.value.equals(PLANTED)))
                .as("the neighbour's cookie is sent to the portal").isTrue();

        Portal.signIn(page, "bob");
        page.navigate("/admin/users/" + TARGET);
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName(Pattern.compile("Revoke")))).isVisible();
        long before = revocationsOf(TARGET);

        page.navigate(origin + "/prize");
        // The form lands on the portal: its answer is a refusal, not alice's page saying her sessions are revoked.
        // (a JavaScript regular expression: Playwright matches in the browser)
        assertThat(page).hasURL(Pattern.compile("^http://[^/]+:" + SuiteSettings.APP_PORT + "/admin/users/" + TARGET
                + "[/?].*"));
        assertThat(revocationsOf(TARGET)).as("admin session revocations of alice after the forged form")
                .isEqualTo(before);
        assertThat(page.getByText("This form has expired")).isVisible();

        page.navigate("/admin/users/" + TARGET);
        assertThat(heading(page, "User " + TARGET)).isVisible();
        assertThat(revocationsOf(TARGET)).isEqualTo(before);
    }

    /** Session revocations of {@code user} by an admin in the audit trail, successful or not. */
    static long revocationsOf(String user) {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + SuiteSettings.DATABASE,
                "postgres", "");
                PreparedStatement count = db.prepareStatement(
                        "SELECT COUNT(*) FROM audit_event WHERE action = 'ADMIN_SESSIONS_REVOKED' AND target_user = ?")) {
            count.setString(1, user);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
