package org.mfaportal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Getting credentials in the browser: the form, the page that shows them once, the download without JavaScript. */
@QuarkusTest
class CredentialsPageTest {

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @AfterEach
    void removeDevices() {
        fixture.reset("pat");
    }

    @Test
    void withoutADeviceTheFormSendsTheEngineerToSetUpMfa() {
        Document form = BrowserSession.signIn(app, "pat").get("/credentials");
        assertThat(form.select("form[action=/credentials]")).isEmpty();
        assertThat(form.text()).contains("You need an active MFA device to get credentials");
    }

    @Test
    void credentialsAreShownOnceInEveryFormatAndNotCached() {
        BrowserSession browser = BrowserSession.signIn(app, "pat");
        String seed = enroll(browser);

        Document form = browser.get("/credentials");
        assertThat(form.select("#roleArn option").eachText()).contains("Role: Engineer admin (up to 4 h)");
        fixture.aws().advanceClock(Duration.ofSeconds(30));
        Document issued = browser.submitForm(form, "/credentials",
                Map.of("code", Totp.code(seed, fixture.aws().clock().instant()), "durationSeconds", "3600", "roleArn", "",
                        "profileName", "work", "region", "eu-central-1", "format", "bash"));

        assertThat(browser.status()).isEqualTo(200);
        assertThat(browser.lastResponse().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(issued.select("[role=tab]").eachText()).containsExactly("bash / zsh / sh", "fish", "PowerShell",
                "Windows cmd", "~/.aws/credentials", ".env file", "credential_process", "JSON");
        assertThat(issued.selectFirst("#snippet-bash").text()).contains("export AWS_ACCESS_KEY_ID=")
                .contains("AWS_REGION='eu-central-1'");
        assertThat(issued.selectFirst("#snippet-credentials").text()).contains("[work]");
        assertThat(issued.selectFirst(".countdown").attr("data-expires")).isNotBlank();
        assertThat(issued.text()).contains("AWS does not let them open the AWS console");
        assertThat(fixture.iam().listAccessKeys("pat")).isEmpty();
    }

    @Test
    void aRoleSessionGetsAConsoleLinkThatSignsInAsTheRole() {
        BrowserSession browser = BrowserSession.signIn(app, "pat");
        String seed = enroll(browser);
        fixture.aws().advanceClock(Duration.ofSeconds(30));
        Document issued = browser.submitForm(browser.get("/credentials"), "/credentials",
                Map.of("code", Totp.code(seed, fixture.aws().clock().instant()), "durationSeconds", "3600", "roleArn",
                        "arn:aws:iam::123456789012:role/engineer-admin", "profileName", "mfa", "region", "",
                        "format", "bash"));
        String link = issued.selectFirst("a:contains(Open the AWS console)").attr("href");
        assertThat(link).contains("/federation?Action=login&Issuer=").contains("&SigninToken=")
                .doesNotContain(issued.selectFirst("#snippet-json").text().replaceAll(".*\"SessionToken\": ?\"([^\"]+)\".*", "$1"));

        Document console = browser.get(link);
        assertThat(console.selectFirst("#signed-in-as").text())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/engineer-admin/pat");
        Document reused = browser.get(link);
        assertThat(browser.status()).as("a sign-in token works once").isEqualTo(400);
        assertThat(reused.text()).contains("invalid or expired");
    }

    @Test
    void sessionCredentialsGetNoConsoleLink() {
        BrowserSession browser = BrowserSession.signIn(app, "pat");
        String seed = enroll(browser);
        fixture.aws().advanceClock(Duration.ofSeconds(30));
        Document issued = browser.submitForm(browser.get("/credentials"), "/credentials",
                Map.of("code", Totp.code(seed, fixture.aws().clock().instant()), "durationSeconds", "3600", "roleArn", "",
                        "profileName", "mfa", "region", "", "format", "bash"));
        assertThat(issued.select("a:contains(Open the AWS console)")).isEmpty();
    }

    @Test
    void theDownloadButtonWorksWithoutJavaScript() {
        BrowserSession browser = BrowserSession.signIn(app, "pat");
        String seed = enroll(browser);
        fixture.aws().advanceClock(Duration.ofSeconds(30));
        browser.submitForm(browser.get("/credentials"), "/credentials",
                Map.of("code", Totp.code(seed, fixture.aws().clock().instant()), "durationSeconds", "3600", "roleArn", "",
                        "profileName", "mfa", "region", "", "format", "process", "download", "true"));

        var response = browser.lastResponse();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"aws-credential-process.json\"");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body()).startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIA");
    }

    @Test
    void aWrongCodeIsShownOnTheFormAndNothingIsIssued() {
        BrowserSession browser = BrowserSession.signIn(app, "pat");
        enroll(browser);
        Document retry = browser.submitForm(browser.get("/credentials"), "/credentials",
                Map.of("code", "000000", "durationSeconds", "3600", "roleArn", "", "profileName", "mfa", "region", "",
                        "format", "bash"));
        assertThat(browser.status()).isEqualTo(400);
        assertThat(retry.selectFirst("#form-error").text()).contains("That code was not accepted");
        assertThat(fixture.iam().listAccessKeys("pat")).isEmpty();
    }

    @Test
    void revokingSessionsFromThePageConfirmsIt() {
        BrowserSession browser = BrowserSession.signIn(app, "pat");
        Document done = browser.submitForm(browser.get("/credentials"), "/credentials/revoke", Map.of());
        assertThat(done.text()).contains("Every session issued to you until now is revoked");
        assertThat(List.of(browser.lastResponse().uri().getQuery())).containsExactly("revoked=true");
    }

    private String enroll(BrowserSession browser) {
        Document enroll = browser.submitForm(browser.get("/"), "/mfa/enrollment", Map.of());
        String seed = enroll.selectFirst("#secret").text().replace(" ", "");
        var now = fixture.aws().clock().instant();
        browser.submitForm(enroll, "/mfa/enrollment/activate",
                Map.of("code1", Totp.code(seed, now.minusSeconds(30)), "code2", Totp.code(seed, now)));
        assertThat(browser.lastResponse().uri().toString()).endsWith("/?done=activated");
        return seed;
    }
}
