package org.mfaportal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.cli.HelperMachine.STEP;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Subprocess;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The AWS CLI run without a terminal (as an IDE or a desktop tool runs it) with a configured profile: the helper opens
 * a code request, opens its page with the desktop's {@code xdg-open}, and the engineer types the code there in a
 * signed-in browser session; the CLI gets the credentials and the right identity. Ten such commands at once open
 * one request and share one issuance.
 */
@QuarkusTest
class CliBrowserCodeTest {

    private static final String USER = "toby";
    private static final String USER_ARN = "arn:aws:iam::123456789012:user/engineers/" + USER;

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @TempDir
    Path home;

    private HelperMachine machine;
    private Device device;

    @BeforeEach
    void configuredDesktop() throws IOException {
        fixture.forgetAudit(USER);
        machine = new HelperMachine(app, home);
        machine.install();
        machine.login(USER);
        device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        assertThat(machine.run("mfa-portal configure").exitValue()).isZero();
        // A desktop whose xdg-open writes down what it was asked to open.
        machine.environment().put("DISPLAY", ":99");
        machine.shim("xdg-open", "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$HOME/opened\"\n");
    }

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
        fixture.forgetAudit(USER);
    }

    @Test
    void withoutATerminalTheCodeIsTypedInTheBrowserAndTheAwsCliGetsItsCredentials() throws IOException {
        try (Subprocess aws = machine.withoutTerminal("aws sts get-caller-identity --profile mfa --endpoint-url "
                + fixture.awsEndpoint() + " --output text --query Arn")) {
            String url = awaitLine(home.resolve("opened"));
            assertThat(url).startsWith(app.toString().replaceAll("/$", "") + "/code-requests/");
            Document page = answer(url);
            assertThat(page.selectFirst("#request-command").text()).contains("aws sts get-caller-identity --profile mfa");

            assertThat(aws.waitFor(STEP)).as(aws.output()).isZero();
            assertThat(aws.output()).contains(USER_ARN);
        }
        // Cached like credentials from a terminal: the next command asks nobody.
        Subprocess again = machine.run("aws sts get-caller-identity --profile mfa --endpoint-url " + fixture.awsEndpoint()
                + " --output text --query Arn");
        assertThat(again.output()).contains(USER_ARN);
        assertThat(Files.readAllLines(home.resolve("opened"))).hasSize(1);
    }

    @Test
    void tenParallelCommandsWithoutATerminalOpenOneCodeRequestAndShareOneIssuance() throws IOException {
        try (Subprocess all = machine.withoutTerminal("for i in $(seq 10); do (aws sts get-caller-identity --profile mfa "
                + "--endpoint-url " + fixture.awsEndpoint() + " --output text --query Arn > out.$i 2>&1) & done; wait")) {
            answer(awaitLine(home.resolve("opened")));
            assertThat(all.waitFor(STEP)).as(all.output()).isZero();
        }
        for (int i = 1; i <= 10; i++) {
            assertThat(machine.read("out." + i)).as("caller " + i).isEqualTo(USER_ARN + "\n");
        }
        assertThat(Files.readAllLines(home.resolve("opened"))).hasSize(1);
        assertThat(audited("CODE_REQUESTED")).isEqualTo(1);
        assertThat(audited("CREDENTIALS_ISSUED")).isEqualTo(1);
    }

    /** Signs in to the portal in a browser session, opens the request's page and types a fresh code. */
    private Document answer(String url) {
        BrowserSession browser = BrowserSession.signIn(app, USER);
        Document page = browser.get(url);
        assertThat(page.selectFirst("#request-machine").text()).isNotBlank();
        Document done = browser.submitForm(page, URI.create(url).getPath(),
                Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())));
        assertThat(done.selectFirst("#request-done")).as(done.text()).isNotNull();
        return page;
    }

    private long audited(String action) {
        return fixture.count("SELECT COUNT(*) FROM audit_event WHERE target_user = '" + USER + "' AND action = ?", action);
    }

    /** The first line of {@code file}, once something has written it. */
    private static String awaitLine(Path file) throws IOException {
        Instant deadline = Instant.now().plus(STEP);
        while (!Files.exists(file) || Files.readString(file).indexOf('\n') < 0) {
            assertThat(Instant.now()).as("nothing opened " + file).isBefore(deadline);
            pause(Duration.ofMillis(100));
        }
        return Files.readAllLines(file).get(0);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
