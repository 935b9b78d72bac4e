package org.mfaportal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.mfaportal.browser.Portal.button;
import static org.mfaportal.browser.Portal.heading;
import static org.mfaportal.browser.Portal.link;

import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfaportal.emulator.Totp;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * bob, an admin, deactivates alice's lost device and finds the audit entry; he sees every kind of dana's devices
 * and finds her among the users without a backup device. Runs once the admin console
 * ({@code org.mfaportal.admin}) is part of the build; until then JUnit reports it as skipped.
 */
@QuarkusIntegrationTest
@TestProfile(BrowserSuiteProfile.class)
class AdminJourneyIT {

    private static final String REASON = "Phone lost on a train, ticket OPS-4711";

    @RegisterExtension
    static final PortalBrowser browser = new PortalBrowser();

    static final EmulatorControl aws = EmulatorControl.ofSuite();

    static BrowserContext alice;
    static String aliceSeed;

    @Test
    void bobFindsAlicesDeviceInTheOverviewDeactivatesItWithAReasonAndSeesTheAuditEntry() {
        alice = browser.newContext();
        Page alicePage = alice.newPage();
        Portal.signIn(alicePage, "alice");
        Portal.startEnrollment(alicePage);
        aliceSeed = Portal.scanAndActivate(alicePage, aws);

        Page page = browser.page();
        Portal.signIn(page, "bob");
        link(page, "Admin").click();
        assertThat(heading(page, "MFA devices")).isVisible();
        page.getByLabel("User name starts with").fill("alice");
        button(page, "Show").click();
        Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("alice"));
        assertThat(row).containsText("arn:aws:iam::123456789012:mfa/engineers/alice/alice");
        assertThat(row).containsText("Active");
        Screenshots.capture(page, "admin-overview");

        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("alice")).click();
        assertThat(page).hasURL(Pattern.compile(".*/admin/users/alice$"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Deactivate"))).click();
        page.getByLabel("Reason").fill(REASON);
        button(page, "Deactivate and delete").click();

        assertThat(Portal.confirmation(page)).containsText("deactivated and deleted");
        assertThat(page.locator("body")).containsText("No active MFA device");

        link(page, "All events of alice").click();
        Locator entry = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(REASON));
        assertThat(entry).containsText("bob");
        assertThat(entry).containsText("ADMIN_MFA_DEACTIVATED");
        Screenshots.capture(page, "admin-audit");

        // alice sees it too, and can set up a new device right away.
        alicePage.reload();
        assertThat(alicePage.locator(".status")).containsText("No MFA device");
    }

    @Test
    void bobSeesEveryKindOfDanasDevicesAndFindsHerAmongTheUsersWithoutABackupDevice() {
        // dana's devices from before the portal: a hardware token and a security key, seeded in the emulator
        try (BrowserContext dana = browser.newContext(); BrowserContext admin = browser.newContext()) {
            Page danaPage = dana.newPage();
            Portal.signIn(danaPage, "dana");
            Locator devices = danaPage.locator("table.devices tbody tr");
            assertThat(devices).hasCount(2);
            assertThat(devices.filter(new Locator.FilterOptions().setHasText("hardware token")))
                    .containsText("from before the portal");
            assertThat(devices.filter(new Locator.FilterOptions().setHasText("security key")))
                    .containsText("console sign-in only");
            Screenshots.capture(danaPage, "home-every-kind");

            Page page = admin.newPage();
            Portal.signIn(page, "bob");
            link(page, "Admin").click();
            link(page, "Users without a code-capable device").click();
            page.getByLabel("Without", new Page.GetByLabelOptions().setExact(true)).selectOption("none");
            button(page, "Find").click();
            assertThat(heading(page, "Users without a backup device")).isVisible();
            Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions()
                    .setHas(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("dana").setExact(true))));
            assertThat(row).containsText("hardware token, security key");

            row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("dana").setExact(true)).click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/users/dana$"));
            assertThat(page.locator("#no-backup")).containsText("No backup device");
            assertThat(page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("GAHT00000015")))
                    .containsText("hardware token");
            assertThat(page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("dana-yubikey")))
                    .containsText("console sign-in only");
            Screenshots.capture(page, "admin-user");
        }
    }

    /** Leaves alice without a device whatever happened, so the other journeys start from a clean state. */
    @AfterAll
    static void removeAlicesDeviceIfStillThere() {
        if (alice == null) {
            return;
        }
        Page page = alice.newPage();
        page.navigate("/mfa/remove");
        if (aliceSeed != null && page.getByLabel("Current code").count() == 1) {
            aws.advance(java.time.Duration.ofSeconds(Totp.STEP_SECONDS));
            page.getByLabel("Current code").fill(aws.currentCode(aliceSeed));
            page.getByLabel("I understand").check();
            button(page, "Remove device").click();
            assertThat(page.locator(".status")).containsText("No MFA device");
        }
        alice.close();
    }
}
