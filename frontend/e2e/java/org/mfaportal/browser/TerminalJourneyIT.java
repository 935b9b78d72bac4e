package org.mfaportal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.browser.Portal.heading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mfaportal.testing.FreshHome;
import org.mfaportal.testing.Subprocess;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The terminal experience against the packaged app, in a real Chromium: tara installs the helper, approves its
 * sign-in in the browser, lets {@code mfa-portal configure} write her profiles, then runs the AWS CLI without a
 * terminal (as an IDE would); the helper opens the portal's code request page through the desktop's
 * {@code xdg-open}, she types her code there, and the CLI gets her identity. Then, on a terminal, ten parallel
 * commands with her role profile ask her once.
 */
@QuarkusIntegrationTest
@TestProfile(BrowserSuiteProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerminalJourneyIT {

    private static final String USER = "tara";
    private static final Duration STEP = Duration.ofSeconds(90);

    @RegisterExtension
    static final PortalBrowser browser = new PortalBrowser();

    final EmulatorControl aws = EmulatorControl.ofSuite();

    /** tara's machine, kept from one step to the next. */
    @TempDir
    static Path home;
    static Map<String, String> env;
    static String seed;

    @Test
    @Order(1)
    void withoutATerminalTaraTypesHerCodeInChromiumAndTheAwsCliGetsHerCredentials() throws IOException {
        env = machine();
        Subprocess install = Subprocess.of(List.of("sh", "-c", "mkdir -p ~/.local/bin && curl -fsSL -o "
                + "~/.local/bin/mfa-portal " + SuiteSettings.APP + "/cli/mfa-portal && chmod +x ~/.local/bin/mfa-portal"))
                .environment(env).run(STEP);
        assertThat(install.exitValue()).as(install.output()).isZero();

        // mfa-portal login: the device sign-in approved in Chromium; the same window is then signed in to the portal.
        Page page = browser.page();
        try (Subprocess login = Subprocess.of(List.of("sh", "-c", "mfa-portal login")).environment(env).start()) {
            login.closeInput();
            String verification = login.await(Pattern.compile("(http\\S+/device\\S*)"), STEP).group(1);
            page.navigate(verification);
            Portal.fillKeycloakLogin(page, USER);
            // Keycloak asks for consent on the client's first approval, then says the device is signed in: wait for
            // whichever page comes (counting the button at once raced the page load and left consent unanswered).
            Locator accept = page.locator("[name=accept]");
            Locator signedIn = page.getByText("Device Login Successful");
            accept.or(signedIn).first().waitFor();
            if (accept.first().isVisible()) {
                accept.first().click();
            }
            assertThat(signedIn).isVisible();
            assertThat(login.waitFor(STEP)).as(login.output()).isZero();
        }
        page.navigate("/");
        assertThat(heading(page, "Hello, Tara Engineer")).isVisible();
        Portal.startEnrollment(page);
        seed = Portal.scanAndActivate(page, aws);

        Subprocess configure = Subprocess.of(List.of("sh", "-c", "mfa-portal configure")).environment(env).errorsApart()
                .run(STEP);
        assertThat(configure.exitValue()).as(configure.errors()).isZero();

        try (Subprocess cli = Subprocess.of(List.of("setsid", "-w", "sh", "-c",
                "aws sts get-caller-identity --profile mfa --output text --query Arn")).environment(env).start()) {
            String url = awaitLine(home.resolve("opened"));
            page.navigate(url);
            assertThat(heading(page, "A command asks for your MFA code")).isVisible();
            assertThat(page.locator("#request-command")).containsText("aws sts get-caller-identity --profile mfa");
            Screenshots.capture(page, "code-request");
            page.getByLabel("MFA code").fill(aws.nextCode(seed));
            page.locator("form.code-form button[type=submit]").click();
            assertThat(page.locator("#request-done")).containsText("Done");

            assertThat(cli.waitFor(STEP)).as(cli.output()).isZero();
            assertThat(cli.output()).contains(SuiteSettings.userArn(USER));
        }
    }

    @Test
    @Order(2)
    void onATerminalTenParallelCommandsWithHerRoleProfileAskForOneCode() throws IOException {
        String parallel = "for i in $(seq 10); do (aws sts get-caller-identity --profile mfa-engineer-admin --output text "
                + "--query Arn > out.$i 2>&1) & done; wait";
        try (Subprocess terminal = Subprocess.of(List.of("script", "-qec", parallel, "/dev/null")).environment(env)
                .directory(home).start()) {
            terminal.await(Pattern.compile("MFA code: "), STEP);
            terminal.type(aws.nextCode(seed));
            assertThat(terminal.waitFor(STEP)).as(terminal.output()).isZero();
            assertThat(Pattern.compile("MFA code: ").matcher(terminal.output()).results().count()).isEqualTo(1);
        }
        for (int i = 1; i <= 10; i++) {
            assertThat(Files.readString(home.resolve("out." + i))).as("caller " + i)
                    .isEqualTo("arn:aws:sts::" + SuiteSettings.ACCOUNT + ":assumed-role/engineer-admin/" + USER + "\n");
        }
    }

    /** A fresh home with a desktop whose xdg-open writes down what it was asked to open. */
    private static Map<String, String> machine() throws IOException {
        Path shims = home.resolve("shims");
        Files.createDirectories(shims);
        Files.writeString(shims.resolve("xdg-open"), "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$HOME/opened\"\n");
        Files.setPosixFilePermissions(shims.resolve("xdg-open"), PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = new LinkedHashMap<>(FreshHome.environment(home));
        env.put("PATH", shims + ":" + home.resolve(".local/bin") + ":" + env.get("PATH"));
        env.put("DISPLAY", ":99");
        env.put("AWS_ENDPOINT_URL", SuiteSettings.EMULATOR.toString());
        return env;
    }

    /** The first line of {@code file}, once something has written it. */
    private static String awaitLine(Path file) throws IOException {
        Instant deadline = Instant.now().plus(STEP);
        while (!Files.exists(file) || Files.readString(file).indexOf('\n') < 0) {
            assertThat(Instant.now()).as("nothing opened " + file).isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Files.readAllLines(file).get(0);
    }
}
