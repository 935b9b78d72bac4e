package org.mfaportal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.cli.HelperMachine.CODE_PROMPT;
import static org.mfaportal.cli.HelperMachine.STEP;

import java.net.URI;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Subprocess;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code mfa-portal env --device NAME} for an engineer with two authenticator apps, the helper installed and signed
 * in as the README says, codes typed on a real terminal, the credentials proven by the real AWS CLI against the
 * emulator: the named device is the one whose code counts, a name she does not have is refused before any code is
 * asked for, and a code from the other device is a wrong code that names the chosen one.
 */
@QuarkusTest
class CliDeviceChoiceTest {

    private static final String USER = "sam";
    private static final String ARN = "arn:aws:iam::123456789012:user/engineers/" + USER;

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @TempDir
    Path home;

    HelperMachine machine;
    Device phone;
    Device backup;

    @BeforeEach
    void twoAuthenticatorAppsAndASignedInHelper() {
        phone = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER), "phone");
        backup = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER), "backup");
        machine = new HelperMachine(app, home);
        machine.install();
        machine.login(USER);
    }

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
    }

    @Test
    void theNamedDeviceIsTheOneWhoseCodeCountsWhateverWasUsedLast() {
        // the name in any case; then the other device, although the backup is now the one she used last
        assertThat(credentialsWith("BACKUP", backup)).contains(ARN);
        assertThat(credentialsWith("phone", phone)).contains(ARN);
        assertThat(credentialsWith(phone.serialNumber(), phone)).contains(ARN);
    }

    @Test
    void aNameSheDoesNotHaveIsRefusedBeforeAnyCodeIsAskedForAndListsHerDevices() {
        Subprocess env = machine.run("mfa-portal env --shell bash --device tablet");

        assertThat(env.exitValue()).as(env.errors()).isEqualTo(5);
        assertThat(env.errors()).contains("you have no MFA device named \"tablet\"; yours that show codes: phone, backup")
                .contains("mfa-portal whoami").doesNotContain("MFA code");
        assertThat(env.output()).isEmpty();
    }

    @Test
    void aCodeFromTheOtherDeviceIsAWrongCodeThatNamesTheChosenDevice() {
        try (Subprocess terminal = machine.onTerminal("mfa-portal env --shell bash --device phone")) {
            terminal.await(CODE_PROMPT, STEP);
            terminal.type(TestDevices.freshCode(fixture.aws(), backup.seed()));
            assertThat(terminal.waitFor(STEP)).as(terminal.output()).isEqualTo(5);
            assertThat(terminal.output()).contains("That code was not accepted (HTTP 400, mfa-code-invalid)")
                    .contains("AWS did not accept the code for your authenticator app \"phone\"")
                    .contains("Check that the code comes from \"phone\"").doesNotContain("AWS_SESSION_TOKEN");
        }
    }

    /** {@code eval "$(mfa-portal env --device ...)"} and the AWS CLI's caller identity, a code from the device typed. */
    private String credentialsWith(String deviceOption, Device device) {
        String command = "eval \"$(mfa-portal env --shell bash --device " + deviceOption + ")\" && "
                + "aws sts get-caller-identity --endpoint-url " + fixture.awsEndpoint() + " --output text --query Arn";
        try (Subprocess terminal = machine.onTerminal(command)) {
            terminal.await(CODE_PROMPT, STEP);
            terminal.type(TestDevices.freshCode(fixture.aws(), device.seed()));
            assertThat(terminal.waitFor(STEP)).as(terminal.output()).isZero();
            return terminal.output();
        }
    }
}
