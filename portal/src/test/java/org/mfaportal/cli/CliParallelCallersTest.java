package org.mfaportal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.cli.HelperMachine.CODE_PROMPT;
import static org.mfaportal.cli.HelperMachine.STEP;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

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
 * Ten {@code aws} commands started at once with a profile whose credentials must be fetched: the engineer is asked
 * for one code, the portal issues once, and all ten get the same credentials. When that one issuance fails, the
 * waiting callers report its failure instead of asking again.
 */
@QuarkusTest
class CliParallelCallersTest {

    private static final String USER = "tilda";
    private static final String USER_ARN = "arn:aws:iam::123456789012:user/engineers/" + USER;
    private static final int CALLERS = 10;

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @TempDir
    Path home;

    private HelperMachine machine;
    private Device device;

    @BeforeEach
    void signIn() {
        fixture.forgetAudit(USER);
        machine = new HelperMachine(app, home);
        machine.install();
        machine.login(USER);
        device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        Subprocess configure = machine.run("mfa-portal configure");
        assertThat(configure.exitValue()).as(configure.errors()).isZero();
    }

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
        fixture.forgetAudit(USER);
    }

    @Test
    void tenParallelAwsCommandsAskForOneCodeAndShareOneIssuance() throws IOException {
        try (Subprocess terminal = machine.onTerminal(parallel("aws sts get-caller-identity --profile mfa "
                + "--endpoint-url " + fixture.awsEndpoint() + " --output text --query Arn"))) {
            terminal.await(CODE_PROMPT, STEP);
            terminal.type(TestDevices.freshCode(fixture.aws(), device.seed()));
            assertThat(terminal.waitFor(STEP)).as(terminal.output()).isZero();
            assertThat(Pattern.compile("MFA code: ").matcher(terminal.output()).results().count())
                    .as(terminal.output()).isEqualTo(1);
        }
        for (int i = 1; i <= CALLERS; i++) {
            assertThat(machine.read("out." + i)).as("caller " + i).isEqualTo(USER_ARN + "\n");
        }
        assertThat(issuances("SUCCESS")).isEqualTo(1);
        assertThat(fixture.iam().listAccessKeys(USER)).isEmpty();
    }

    @Test
    void whenTheOneIssuanceFailsTheWaitingCallersReportItWithoutAskingAgain() throws IOException {
        try (Subprocess terminal = machine.onTerminal(parallel("mfa-portal process"))) {
            terminal.await(CODE_PROMPT, STEP);
            terminal.type(TestDevices.wrongCode(fixture.aws(), device.seed()));
            terminal.waitFor(STEP);
            assertThat(Pattern.compile("MFA code: ").matcher(terminal.output()).results().count())
                    .as(terminal.output()).isEqualTo(1);
        }
        int refused = 0;
        int reported = 0;
        for (int i = 1; i <= CALLERS; i++) {
            String out = machine.read("out." + i);
            assertThat(out).as("caller " + i).doesNotContain("AccessKeyId").contains("mfa-code-invalid");
            refused += out.contains("mfa-portal: getting credentials failed") ? 1 : 0;
            reported += out.contains("another mfa-portal getting the same credentials just failed") ? 1 : 0;
        }
        assertThat(refused).isEqualTo(1);
        assertThat(reported).isEqualTo(CALLERS - 1);
        assertThat(machine.read("status")).isEqualTo("5 5 5 5 5 5 5 5 5 5\n");
        assertThat(issuances("SUCCESS")).isZero();
    }

    /** {@code command} ten times at once in the background, each writing out.N; status lists the exit codes. */
    private static String parallel(String command) {
        return "for i in $(seq " + CALLERS + "); do (" + command + " > out.$i 2>&1; echo $? > rc.$i) & done; wait; "
                + "for i in $(seq " + CALLERS + "); do cat rc.$i; done | tr '\\n' ' ' | sed 's/ $//' > status; "
                + "echo >> status";
    }

    private long issuances(String outcome) {
        return fixture.count("SELECT COUNT(*) FROM audit_event WHERE target_user = ? AND action = 'CREDENTIALS_ISSUED' "
                + "AND outcome = '" + outcome + "'", USER);
    }
}
