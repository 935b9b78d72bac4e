package org.mfaportal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.mfaportal.testing.QrImages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/** What a person does on the portal's pages and on the Keycloak login form, in words a test can read. */
final class Portal {

    static final Pattern KEYCLOAK_LOGIN = Pattern.compile(".*/realms/mfa-portal/protocol/openid-connect/auth.*"
            + "|.*/realms/mfa-portal/login-actions/.*");

    private Portal() {
    }

    /** Opens the portal, is sent to Keycloak, signs in (password = user name in the demo realm), lands home. */
    static void signIn(Page page, String user) {
        page.navigate("/");
        fillKeycloakLogin(page, user);
        assertThat(heading(page, "Hello")).isVisible();
    }

    /** On Keycloak's login form: types the user name and password and submits. */
    static void fillKeycloakLogin(Page page, String user) {
        assertThat(page).hasURL(KEYCLOAK_LOGIN);
        page.locator("#username").fill(user);
        page.locator("#password").fill(user);
        page.locator("#kc-login").click();
    }

    static Locator heading(Page page, String name) {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name).setLevel(1));
    }

    /** The confirmation a page shows after an action (a polite status message in the page's main content). */
    static Locator confirmation(Page page) {
        return page.locator("main").getByRole(AriaRole.STATUS);
    }

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static Locator link(Page page, String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Clicks "Set up MFA" on the home page and waits for the QR code. */
    static void startEnrollment(Page page) {
        button(page, "Set up MFA").click();
        assertThat(heading(page, "Set up your MFA device")).isVisible();
        assertThat(page.locator("figure.qr svg")).isVisible();
    }

    /** The Key URI in the QR code as a phone camera sees it: from the pixels of the rendered element. */
    static String scanQrCode(Page page) {
        return QrImages.decodePng(page.locator("figure.qr svg").screenshot());
    }

    /** The {@code secret} parameter of an {@code otpauth://} Key URI. */
    static String secretOf(String keyUri) {
        String query = URI.create(keyUri).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("secret=")) {
                return URLDecoder.decode(pair.substring("secret=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("No secret in " + keyUri);
    }

    /**
     * Scans the QR code, types the current code, waits for the next one and activates: what a person does after
     * clicking "Set up MFA". Returns the seed the "app" now holds.
     */
    static String scanAndActivate(Page page, EmulatorControl aws) {
        String seed = secretOf(scanQrCode(page));
        page.getByLabel("Current code").pressSequentially(aws.currentCode(seed));
        page.getByLabel("Next code").pressSequentially(aws.nextCode(seed));
        button(page, "Activate").click();
        assertThat(page.locator(".status-active")).containsText("Active");
        return seed;
    }
}
