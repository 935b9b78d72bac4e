package org.mfaportal.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The home page lists every device with its name and kind, nudges towards a backup when there is one device, and
 * takes the new device's name; the credentials form offers only devices that show codes. hugo has one hardware
 * token from before the portal, dana a token and a security key (seeded).
 */
@QuarkusTest
class DevicePagesTest {

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @AfterEach
    void cleanUp() {
        fixture.reset("dana", "hugo");
        fixture.forgetAudit("dana", "hugo");
    }

    @Test
    void aSingleDeviceFromBeforeThePortalGetsABackupNudge() {
        Document home = BrowserSession.signIn(app, "hugo").get("/");
        assertThat(home.select("#backup-nudge").text())
                .isEqualTo("Add a backup device, so a lost phone doesn't lock you out.");
        assertThat(home.select("tr[data-serial=GAHT00000016]").text()).contains("GAHT00000016")
                .contains("hardware token").contains("from before the portal");
        assertThat(home.select("#device-name").attr("value")).isEqualTo("backup");
    }

    @Test
    void aSecurityKeyIsMarkedAndNeverOfferedForCredentials() {
        BrowserSession dana = BrowserSession.signIn(app, "dana");
        Document home = dana.get("/");
        assertThat(home.select("#backup-nudge").text()).as("a hardware token and a security key: one shows codes")
                .isEqualTo("Only one of your devices shows codes: add a backup device, so losing it doesn't lock you out.");
        assertThat(home.select("table.devices tbody tr")).hasSize(2);
        assertThat(home.select("tr[data-serial$=dana-yubikey]").text()).contains("security key")
                .contains("console sign-in only");

        Document form = dana.get("/credentials");
        assertThat(form.select("input[name=serialNumber]").attr("value")).isEqualTo("GAHT00000015");
        assertThat(form.html()).doesNotContain("u2f/");
    }

    @Test
    void aNameThatIsTakenIsRefusedNextToTheField() {
        BrowserSession dana = BrowserSession.signIn(app, "dana");
        Document refused = dana.submitForm(dana.get("/"), "/mfa/enrollment", Map.of("name", "GAHT00000015"));
        assertThat(refused.select("#device-name-error").text()).startsWith("Choose another name");
        assertThat(refused.select("#device-name").attr("value")).isEqualTo("GAHT00000015");
        assertThat(fixture.iam().listMfaDevices("dana")).hasSize(2);
    }
}
