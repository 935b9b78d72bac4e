package org.mfaportal.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.QrImages;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The MFA pages as a browser uses them: forms with their CSRF token, the QR code read from the page. */
@QuarkusTest
class MfaPageTest {

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @AfterEach
    void removeDevices() {
        fixture.reset("erin");
    }

    @Test
    void enrollThroughThePagesWithTheQrCodeReadFromThePage() {
        BrowserSession browser = BrowserSession.signIn(app, "erin");
        Document home = browser.get("/");
        assertThat(home.text()).contains("No MFA device");

        Document enroll = browser.submitForm(home, "/mfa/enrollment", Map.of());
        assertThat(browser.status()).isEqualTo(200);
        assertThat(browser.lastResponse().headers().firstValue("Cache-Control")).contains("no-store");
        String uri = QrImages.decodeSvg(enroll.selectFirst("figure.qr svg").outerHtml());
        String secret = enroll.selectFirst("#secret").text().replace(" ", "");
        assertThat(uri).contains("secret=" + secret).contains("issuer=AWS%20123456789012");
        assertThat(enroll.selectFirst("figure.qr svg title").text()).contains("QR code to add erin@123456789012");

        var now = fixture.aws().clock().instant();
        Document done = browser.submitForm(enroll, "/mfa/enrollment/activate",
                Map.of("code1", Totp.code(secret, now.minusSeconds(30)), "code2", Totp.code(secret, now)));

        assertThat(browser.lastResponse().uri().toString()).endsWith("/?done=activated");
        assertThat(done.text()).contains("Your MFA device is active").contains("Active")
                .contains("arn:aws:iam::123456789012:mfa/engineers/erin/erin").doesNotContain(secret);
        fixture.aws().advanceClock(Duration.ofSeconds(30));
    }

    @Test
    void aWrongCodeShowsTheMessageNextToTheFormAndTheDeviceStaysPending() {
        BrowserSession browser = BrowserSession.signIn(app, "erin");
        Document enroll = browser.submitForm(browser.get("/"), "/mfa/enrollment", Map.of());
        String secret = enroll.selectFirst("#secret").text().replace(" ", "");

        Document retry = browser.submitForm(enroll, "/mfa/enrollment/activate", Map.of("code1", "000000", "code2", "111111"));

        assertThat(browser.status()).isEqualTo(400);
        assertThat(retry.selectFirst("#form-error").text()).contains("That code was not accepted");
        assertThat(retry.select("figure.qr")).as("the seed is not shown again").isEmpty();
        assertThat(retry.text()).doesNotContain(secret);
        var now = fixture.aws().clock().instant();
        browser.submitForm(retry, "/mfa/enrollment/activate",
                Map.of("code1", Totp.code(secret, now.minusSeconds(30)), "code2", Totp.code(secret, now)));
        assertThat(browser.lastResponse().uri().toString()).endsWith("/?done=activated");
        fixture.aws().advanceClock(Duration.ofSeconds(30));
    }

    @Test
    void malformedCodesAreMarkedOnTheirFields() {
        BrowserSession browser = BrowserSession.signIn(app, "erin");
        Document enroll = browser.submitForm(browser.get("/"), "/mfa/enrollment", Map.of());
        Document retry = browser.submitForm(enroll, "/mfa/enrollment/activate", Map.of("code1", "12", "code2", "abcdef"));
        assertThat(browser.status()).isEqualTo(400);
        assertThat(retry.select(".field-invalid input").eachAttr("name")).containsExactly("code1", "code2");
        assertThat(retry.selectFirst("#code1").attr("aria-invalid")).isEqualTo("true");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRejectedAndChangesNothing() {
        BrowserSession browser = BrowserSession.signIn(app, "erin");
        browser.get("/");
        Document page = browser.postRaw("/mfa/enrollment", Map.of());
        assertThat(browser.status()).isEqualTo(403);
        assertThat(page.text()).contains("This form has expired");
        Document forged = browser.postRaw("/mfa/enrollment", Map.of("csrf-token", "A".repeat(43)));
        assertThat(browser.status()).isEqualTo(403);
        assertThat(forged.text()).contains("This form has expired");
        assertThat(browser.get("/").text()).contains("No MFA device");
    }

    @Test
    void resyncAndRemoveThroughThePages() {
        BrowserSession browser = BrowserSession.signIn(app, "erin");
        Document enroll = browser.submitForm(browser.get("/"), "/mfa/enrollment", Map.of());
        String secret = enroll.selectFirst("#secret").text().replace(" ", "");
        var now = fixture.aws().clock().instant();
        browser.submitForm(enroll, "/mfa/enrollment/activate",
                Map.of("code1", Totp.code(secret, now.minusSeconds(30)), "code2", Totp.code(secret, now)));
        fixture.aws().advanceClock(Duration.ofSeconds(60));

        now = fixture.aws().clock().instant();
        Document resynced = browser.submitForm(browser.get("/mfa/resync"), "/mfa/resync",
                Map.of("code1", Totp.code(secret, now.minusSeconds(30)), "code2", Totp.code(secret, now)));
        assertThat(resynced.text()).contains("Your MFA device is resynced");
        fixture.aws().advanceClock(Duration.ofSeconds(30));

        Document removeForm = browser.get("/mfa/remove");
        assertThat(removeForm.text()).contains("This is your only device: your access keys will no longer satisfy MFA "
                + "policies until you set up another");
        Document removed = browser.submitForm(removeForm, "/mfa/remove",
                Map.of("code", Totp.code(secret, fixture.aws().clock().instant()), "confirm", "true"));
        assertThat(removed.text()).contains("The MFA device was removed").contains("No MFA device");
        assertThat(fixture.iam().listMfaDevices("erin")).isEmpty();
        fixture.aws().advanceClock(Duration.ofSeconds(30));
    }
}
