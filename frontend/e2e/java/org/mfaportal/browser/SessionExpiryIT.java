package org.mfaportal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.mfaportal.browser.Portal.heading;
import static org.mfaportal.browser.Portal.link;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** uma's sessions run out: the portal sends her through Keycloak and back to the page she asked for. */
@QuarkusIntegrationTest
@TestProfile(BrowserSuiteProfile.class)
class SessionExpiryIT {

    /** Quarkus OIDC's session cookie of the default tenant (split into chunks when large). */
    private static final Pattern PORTAL_SESSION = Pattern.compile("^q_session.*");

    @RegisterExtension
    static final PortalBrowser browser = new PortalBrowser();

    @Test
    void whenOnlyThePortalSessionHasExpiredTheNextClickRenewsItThroughSingleSignOnAndOpensThePage() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            Portal.signIn(page, "uma");
            context.clearCookies(new BrowserContext.ClearCookiesOptions().setName(PORTAL_SESSION));

            link(page, "Credentials").click();

            assertThat(page).hasURL(SuiteSettings.APP + "/credentials");
            assertThat(heading(page, "Get AWS credentials")).isVisible();
        }
    }

    @Test
    void whenSingleSignOnHasEndedTooTheNextClickAsksToSignInAgainAndThenOpensThePage() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            Portal.signIn(page, "uma");
            // Portal and Keycloak cookies gone, as after a long weekend.
            context.clearCookies();

            link(page, "Credentials").click();

            assertThat(page).hasURL(Portal.KEYCLOAK_LOGIN);
            assertThat(page.locator("#kc-form-login")).isVisible();
            Portal.fillKeycloakLogin(page, "uma");
            assertThat(page).hasURL(SuiteSettings.APP + "/credentials");
            assertThat(heading(page, "Get AWS credentials")).isVisible();
        }
    }
}
