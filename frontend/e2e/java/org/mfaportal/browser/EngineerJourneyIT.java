package org.mfaportal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.browser.Portal.button;
import static org.mfaportal.browser.Portal.heading;
import static org.mfaportal.browser.Portal.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfaportal.emulator.Totp;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * alice's whole life with the portal in a real Chromium, against the packaged app, a real Keycloak and
 * PostgreSQL, and the standalone AWS emulator: sign in, enroll by scanning the QR code off the screen, get
 * credentials and use them from bash, add a backup device the same way and get credentials with it, resync, lose
 * the phone and remove it with the backup's code. One signed-in window carries through the steps.
 */
@QuarkusIntegrationTest
@TestProfile(BrowserSuiteProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineerJourneyIT {

    @RegisterExtension
    static final PortalBrowser browser = new PortalBrowser();

    final EmulatorControl aws = EmulatorControl.ofSuite();

    /** Her backup device's name. */
    static final String BACKUP = "backup-phone";

    /** The seed alice's "authenticator app" holds once she scanned the QR code. */
    static String seed;
    /** The seed of her backup device, read off the screen like the first. */
    static String backupSeed;

    @Test
    @Order(1)
    void aliceSignsInThroughKeycloakScansTheQrCodeFromTheScreenAndActivatesWithTwoConsecutiveCodes() {
        Page page = browser.page();
        page.navigate("/");
        assertThat(page).hasURL(Portal.KEYCLOAK_LOGIN);
        Portal.fillKeycloakLogin(page, "alice");

        assertThat(heading(page, "Hello, Alice Engineer")).isVisible();
        assertThat(page.locator(".status")).containsText("No MFA device");
        Screenshots.capture(page, "home");

        Portal.startEnrollment(page);
        assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions()
                .setName(Pattern.compile("QR code to add alice@123456789012")))).isVisible();
        Screenshots.capture(page, "enrollment");
        String keyUri = Portal.scanQrCode(page);
        assertThat(keyUri).startsWith("otpauth://totp/").contains("issuer=AWS%20123456789012");
        seed = Portal.secretOf(keyUri);
        assertThat(page.locator("#secret").textContent().replace(" ", "")).isEqualTo(seed);

        page.getByLabel("Current code").pressSequentially(aws.currentCode(seed));
        // Six digits typed: the cursor moves on by itself to the second field.
        assertThat(page.getByLabel("Next code")).isFocused();
        page.keyboard().type(aws.nextCode(seed));
        button(page, "Activate").click();

        assertThat(page).hasURL(Pattern.compile(".*/\\?done=activated$"));
        assertThat(Portal.confirmation(page).filter(new Locator.FilterOptions().setHasText("active")))
                .containsText("Your MFA device is active");
        assertThat(page.locator(".status-active")).containsText("Active");
        assertThat(page.locator("code.serial")).hasText("arn:aws:iam::123456789012:mfa/engineers/alice/alice");
        assertThat(page.locator("body")).not().containsText(seed);

        // The enable date is shown in the viewer's time zone, with the exact UTC instant on hover.
        Locator enabled = page.locator("table.devices time").first();
        Instant at = Instant.parse(enabled.getAttribute("datetime"));
        assertThat(enabled).hasAttribute("title",
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(at));
        String local = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm a", Locale.US)
                .format(at.atZone(ZoneId.of(PortalBrowser.TIME_ZONE)));
        assertThat(enabled.textContent().replaceAll("[\\s\\u202f\\u00a0]+", " ")).isEqualTo(local);
        Screenshots.capture(page, "home-active");
    }

    @Test
    @Order(2)
    void aliceAddsABackupDeviceByScanningItsQrCodeOffTheScreenAndConfirmingWithTwoConsecutiveCodes() {
        Page page = browser.page();
        link(page, "My devices").click();
        assertThat(page.locator("#backup-nudge")).containsText("Add a backup device");
        page.getByLabel("Device name").fill(BACKUP);
        Screenshots.capture(page, "add-device");
        button(page, "Add a device").click();

        assertThat(heading(page, "Set up your MFA device")).isVisible();
        assertThat(page.locator("figure.qr svg")).isVisible();
        backupSeed = Portal.secretOf(Portal.scanQrCode(page));
        assertThat(backupSeed).isNotEqualTo(seed);
        page.getByLabel("Current code").pressSequentially(aws.currentCode(backupSeed));
        page.getByLabel("Next code").pressSequentially(aws.nextCode(backupSeed));
        button(page, "Activate").click();

        assertThat(Portal.confirmation(page)).containsText("active");
        assertThat(page.locator(".status-active")).containsText("2 of 8 devices");
        assertThat(page.locator("table.devices .device-name")).hasText(new String[] { "alice", BACKUP });
        assertThat(deviceRow(page, BACKUP).locator("code.serial"))
                .hasText("arn:aws:iam::123456789012:mfa/engineers/alice/" + BACKUP);
        assertThat(page.locator("#backup-nudge")).hasCount(0);
        assertThat(page.locator("body")).not().containsText(backupSeed);
        Screenshots.capture(page, "home-devices");
    }

    @Test
    @Order(3)
    void aliceGetsCredentialsWithACodeFromHerBackupDeviceAndTheCopiedBashSnippetIsHerInAws() throws Exception {
        Page page = browser.page();
        link(page, "Credentials").click();
        assertThat(heading(page, "Get AWS credentials")).isVisible();
        Locator device = page.getByLabel("Code from");
        assertThat(device.locator("option")).hasText(new String[] { "alice (authenticator app)",
                BACKUP + " (authenticator app)" });
        device.selectOption(new SelectOption().setLabel(BACKUP + " (authenticator app)"));
        page.getByLabel("MFA code").fill(aws.nextCode(backupSeed));
        Screenshots.capture(page, "credentials-form");
        button(page, "Show credentials").click();

        assertThat(heading(page, "Your AWS credentials")).isVisible();
        assertThat(page.locator(".countdown")).containsText("left");
        Screenshots.capture(page, "credentials");

        Locator bash = page.getByRole(AriaRole.TABPANEL, new Page.GetByRoleOptions().setName("bash / zsh / sh"));
        assertThat(bash).isVisible();
        // Located by what it copies: its label changes to "Copied" for a moment.
        Locator copy = bash.locator("button[data-copy-target]");
        assertThat(copy).hasText("Copy");
        copy.click();
        assertThat(copy).hasText("Copied");
        String snippet = (String) page.evaluate("() => navigator.clipboard.readText()");
        assertThat(snippet).isEqualTo(bash.locator("pre").textContent()).contains("export AWS_SESSION_TOKEN=");

        List<String> exported = Bash.evalAndPrint(snippet, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN");
        assertThat(Aws.callerArn(exported.get(0), exported.get(1), exported.get(2)))
                .isEqualTo(SuiteSettings.userArn("alice"));

        // Tabs: arrow keys move between formats, only the chosen one is shown.
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("bash / zsh / sh")).press("ArrowRight");
        assertThat(page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("fish"))).isFocused();
        assertThat(page.getByRole(AriaRole.TABPANEL, new Page.GetByRoleOptions().setName("fish"))).containsText("set -gx");
        assertThat(bash).isHidden();

        // The form now offers the backup first: the device she used last, kept by the portal.
        link(page, "Credentials").click();
        assertThat(page.getByLabel("Code from").locator("option[selected]")).hasText(BACKUP + " (authenticator app)");
    }

    @Test
    @Order(4)
    void withoutJavaScriptAliceStillGetsHerCredentialsAsADownloadedFileWithACodeFromHerPhone() throws IOException {
        Browser chromium = browser.context().browser();
        try (BrowserContext noScript = chromium.newContext(new Browser.NewContextOptions()
                .setBaseURL(SuiteSettings.APP.toString()).setJavaScriptEnabled(false).setAcceptDownloads(true))) {
            noScript.setDefaultTimeout(PortalBrowser.TIMEOUT_MILLIS);
            Page page = noScript.newPage();
            Portal.signIn(page, "alice");
            link(page, "Credentials").click();
            page.getByLabel("Code from").selectOption(new SelectOption().setLabel("alice (authenticator app)"));
            page.getByLabel("MFA code").fill(aws.nextCode(seed));
            page.getByLabel("Download format").selectOption("bash");
            Download download = page.waitForDownload(() -> button(page, "Download file").click());

            assertThat(download.suggestedFilename()).isEqualTo("aws-credentials.sh");
            String file = Files.readString(download.path(), StandardCharsets.UTF_8);
            List<String> exported = Bash.evalAndPrint(file, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                    "AWS_SESSION_TOKEN");
            assertThat(Aws.callerArn(exported.get(0), exported.get(1), exported.get(2)))
                    .isEqualTo(SuiteSettings.userArn("alice"));
        }
    }

    @Test
    @Order(5)
    void aliceResyncsHerPhoneByPastingBothCodesAtOnceThenRemovesItAsLostWithACodeFromHerBackup() {
        Page page = browser.page();
        link(page, "My devices").click();
        deviceRow(page, "alice").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Resync")).click();
        assertThat(heading(page, "Resync an MFA device")).isVisible();
        assertThat(page.getByLabel("Device").locator("option[selected]")).hasText("alice (authenticator app)");

        // Her phone drifted: it shows codes a few steps on. She pastes two consecutive ones in one go.
        Instant phone = aws.advance(java.time.Duration.ofSeconds(3 * Totp.STEP_SECONDS)).plusSeconds(2 * Totp.STEP_SECONDS);
        String both = Totp.code(seed, phone.minusSeconds(Totp.STEP_SECONDS)) + " " + Totp.code(seed, phone);
        Clipboard.paste(page, page.getByLabel("Current code"), both);
        assertThat(page.getByLabel("Current code")).hasValue(both.substring(0, 6));
        assertThat(page.getByLabel("Next code")).hasValue(both.substring(7));
        button(page, "Resync").click();
        assertThat(Portal.confirmation(page)).containsText("Your MFA device is resynced");

        // Then the phone is lost: the backup's code proves it is her (self-recovery, no admin).
        deviceRow(page, "alice").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Remove")).click();
        assertThat(heading(page, "Remove an MFA device")).isVisible();
        page.getByLabel("Code from").selectOption(new SelectOption().setLabel(BACKUP + " (authenticator app)"));
        page.getByLabel("Current code").fill(aws.nextCode(backupSeed));
        page.getByLabel("I understand").check();
        button(page, "Remove device").click();

        assertThat(Portal.confirmation(page)).containsText("The MFA device was removed");
        assertThat(page.locator("table.devices .device-name")).hasText(new String[] { BACKUP });
        assertThat(page.locator("#backup-nudge")).containsText("Add a backup device");

        // Her last device needs a code from itself.
        deviceRow(page, BACKUP).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Remove")).click();
        page.getByLabel("Current code").fill(aws.nextCode(backupSeed));
        page.getByLabel("I understand").check();
        button(page, "Remove device").click();
        assertThat(Portal.confirmation(page)).containsText("The MFA device was removed");
        assertThat(page.locator(".status")).containsText("No MFA device");
    }

    /** The row of the device table on the home page for alice's device of that name. */
    private static Locator deviceRow(Page page, String name) {
        return page.locator("table.devices tbody tr[data-serial='arn:aws:iam::123456789012:mfa/engineers/alice/"
                + name + "']");
    }
}
