package org.mfaportal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.mfaportal.browser.Portal.button;
import static org.mfaportal.browser.Portal.heading;
import static org.mfaportal.browser.Portal.link;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** tina mistypes: what she reads, what stays as it was, and when the portal stops taking codes for a while. */
@QuarkusIntegrationTest
@TestProfile(BrowserSuiteProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WrongCodesIT {

    @RegisterExtension
    static final PortalBrowser browser = new PortalBrowser();

    final EmulatorControl aws = EmulatorControl.ofSuite();

    static String seed;

    @Test
    @Order(1)
    void aWrongCodeIsExplainedAboveTheFormAndTheRightCodesThenActivate() {
        Page page = browser.page();
        Portal.signIn(page, "tina");
        Portal.startEnrollment(page);
        seed = Portal.secretOf(Portal.scanQrCode(page));

        page.getByLabel("Current code").fill(aws.wrongCode(seed));
        page.getByLabel("Next code").fill(aws.wrongCode(seed, 2));
        button(page, "Activate").click();

        Locator alert = page.getByRole(AriaRole.ALERT);
        assertThat(alert).containsText("That code was not accepted");
        assertThat(alert).containsText("AWS did not accept the code for your authenticator app \"tina\"");
        assertThat(alert).containsText("try again with its next code.");
        // The QR code is not shown again (the seed is gone from the server); the form is ready for new codes.
        assertThat(page.locator("figure.qr")).hasCount(0);
        assertThat(page.getByLabel("Current code")).isEmpty();
        Screenshots.capture(page, "wrong-code");

        page.getByLabel("Current code").fill(aws.currentCode(seed));
        page.getByLabel("Next code").fill(aws.nextCode(seed));
        button(page, "Activate").click();
        assertThat(page.locator(".status-active")).containsText("Active");
    }

    @Test
    @Order(2)
    void fiveWrongCodesPauseCodeEntryAndThePageSaysForHowLong() {
        Page page = browser.page();
        link(page, "Credentials").click();
        for (int attempt = 1; attempt <= 4; attempt++) {
            page.getByLabel("MFA code").fill(aws.wrongCode(seed));
            button(page, "Show credentials").click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("That code was not accepted");
        }
        page.getByLabel("MFA code").fill(aws.wrongCode(seed));
        button(page, "Show credentials").click();

        Locator alert = page.getByRole(AriaRole.ALERT);
        assertThat(alert).containsText("Too many wrong codes");
        assertThat(alert).containsText("Try again in 15 minutes.");
        Screenshots.capture(page, "lockout");

        // Even the right code waits until the pause is over.
        page.getByLabel("MFA code").fill(aws.nextCode(seed));
        button(page, "Show credentials").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Too many wrong codes");
        assertThat(heading(page, "Get AWS credentials")).isVisible();
    }
}
