package org.mfaportal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfaportal.cli.HelperMachine.CODE_PROMPT;
import static org.mfaportal.cli.HelperMachine.STEP;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfaportal.testing.FreshHome;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Repository;
import org.mfaportal.testing.Subprocess;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code mfa-portal configure} on a fresh machine, as the README's "From your terminal" says it: install, login,
 * configure, then plain {@code aws ... --profile ...} with the real AWS CLI, whose identities prove each profile
 * right. Around it: a dry run shows the diff and writes nothing, a second run changes nothing, and whatever else the
 * file holds stays byte for byte.
 */
@QuarkusTest
class CliConfigureTest {

    private static final String USER = "theo";
    private static final String USER_ARN = "arn:aws:iam::123456789012:user/engineers/" + USER;
    private static final String ROLE_ARN = "arn:aws:sts::123456789012:assumed-role/engineer-admin/" + USER;
    /** What an engineer already had: odd spacing, comments, a profile of their own, no final line break. */
    private static final String THEIRS = "# my settings\n[default]\nregion = eu-west-1\noutput=json\n\n"
            + "[profile work]   ; with a comment\naws_access_key_id = AKIAEXAMPLE\n\taws_secret_access_key=x\n\n"
            + "[sso-session corp]\nsso_start_url = https://corp.example.com/start";

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @TempDir
    Path home;

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
    }

    @Test
    void theReadmeStepsWorkAsWrittenOnAFreshMachine() throws IOException {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        Files.writeString(home.resolve("steps.sh"), readmeSteps().replace("https://mfa.example.com", portalUrl()));
        // A fresh machine: empty home, PATH as the system sets it; only the AWS endpoint points at the emulator.
        Map<String, String> env = new LinkedHashMap<>(FreshHome.environment(home));
        env.put("AWS_ENDPOINT_URL", fixture.awsEndpoint().toString());

        try (Subprocess terminal = Subprocess.of(List.of("script", "-qec", "sh -ex steps.sh", "/dev/null"))
                .environment(env).directory(home).start()) {
            Matcher url = terminal.await(Pattern.compile("(http\\S+/device\\S*)"), STEP);
            String userCode = terminal.await(Pattern.compile("the code: (\\S+)"), STEP).group(1);
            HelperMachine.approveDevice(app, url.group(1), userCode, USER);
            terminal.await(CODE_PROMPT, STEP);
            terminal.type(TestDevices.freshCode(fixture.aws(), device.seed()));
            terminal.await(Pattern.compile("(?s)MFA code: .*MFA code: "), STEP);
            terminal.type(TestDevices.freshCode(fixture.aws(), device.seed()));
            assertThat(terminal.waitFor(STEP)).as(terminal.output()).isZero();
            assertThat(terminal.output()).contains("added [profile mfa]").contains("added [profile mfa-engineer-admin]")
                    .contains("\"Arn\": \"" + USER_ARN + "\"").contains("\"Arn\": \"" + ROLE_ARN + "\"");
        }

        String helper = home.resolve(".local/bin/mfa-portal").toString();
        String marker = "# Managed by 'mfa-portal configure' for " + portalUrl() + " (prefix mfa)";
        assertThat(Files.readString(home.resolve(".aws/config"))).isEqualTo("[profile mfa]\n" + marker
                + ": changes here are replaced when it runs again.\n"
                + "credential_process = " + helper + " process\nregion = us-east-1\n\n"
                + "[profile mfa-engineer-admin]\n" + marker + ": changes here are replaced when it runs again.\n"
                + "credential_process = " + helper + " process --role arn:aws:iam::123456789012:role/engineer-admin\n"
                + "region = us-east-1\n");
    }

    /** The first code block of the README's "From your terminal" section. */
    private static String readmeSteps() throws IOException {
        String readme = Files.readString(Repository.path("README.md"));
        String section = readme.substring(readme.indexOf("## From your terminal"));
        int start = section.indexOf("```sh\n") + "```sh\n".length();
        return section.substring(start, section.indexOf("```", start));
    }

    @Test
    void aDryRunShowsTheDiffAndChangesNothing() throws IOException {
        HelperMachine machine = signedIn();
        machine.write(".aws/config", THEIRS);

        Subprocess dryRun = machine.run("mfa-portal configure --dry-run");

        assertThat(dryRun.exitValue()).as(dryRun.errors()).isZero();
        assertThat(dryRun.output()).contains("+[profile mfa]\n").contains("+[profile mfa-engineer-admin]\n")
                .contains("+region = us-east-1\n").doesNotContain("-[default]");
        assertThat(dryRun.errors()).contains("Dry run");
        assertThat(machine.read(".aws/config")).isEqualTo(THEIRS);
        assertThat(backups()).isEmpty();
    }

    @Test
    void everythingElseInTheFileStaysByteForByteAndASecondRunChangesNothing() throws IOException {
        HelperMachine machine = signedIn();
        machine.write(".aws/config", THEIRS);

        Subprocess first = machine.run("mfa-portal configure --region eu-central-1");
        assertThat(first.exitValue()).as(first.errors()).isZero();
        String configured = machine.read(".aws/config");
        // Theirs first, unchanged (a line break added where the file ended without one), then the helper's.
        assertThat(configured).startsWith(THEIRS + "\n\n[profile mfa]\n").contains("region = eu-central-1\n");
        assertThat(backups()).singleElement().satisfies(backup -> assertThat(Files.readString(backup)).isEqualTo(THEIRS));

        Subprocess second = machine.run("mfa-portal configure --region eu-central-1");
        assertThat(second.exitValue()).as(second.errors()).isZero();
        assertThat(second.errors()).contains("unchanged [profile mfa]").contains("Nothing to change");
        assertThat(machine.read(".aws/config")).isEqualTo(configured);
        assertThat(backups()).hasSize(1);
    }

    @Test
    void itChangesOnlyItsOwnProfilesAndLeavesAnEngineersProfileOfTheSameName() throws IOException {
        HelperMachine machine = signedIn();
        String own = "[profile mfa]\nregion = ap-south-1\ncredential_process = /opt/other-tool\n";
        machine.write(".aws/config", own);

        Subprocess configure = machine.run("mfa-portal configure");

        assertThat(configure.exitValue()).as(configure.errors()).isZero();
        assertThat(configure.errors()).contains("skipped [profile mfa]: it is not one mfa-portal wrote")
                .contains("added [profile mfa-engineer-admin]");
        assertThat(machine.read(".aws/config")).startsWith(own + "\n[profile mfa-engineer-admin]\n")
                .containsOnlyOnce("[profile mfa]");
    }

    @Test
    void namesCanBeChosenAndARunUpdatesTheProfilesItOwns() throws IOException {
        HelperMachine machine = signedIn();
        assertThat(machine.run("mfa-portal configure").exitValue()).isZero();

        Subprocess renamed = machine.run("mfa-portal configure --name 'Engineer admin=admin' --duration 2h");

        assertThat(renamed.exitValue()).as(renamed.errors()).isZero();
        assertThat(renamed.errors()).contains("updated [profile mfa]").contains("added [profile admin]")
                .contains("removed [profile mfa-engineer-admin]");
        String config = machine.read(".aws/config");
        assertThat(config).contains("[profile mfa]\n").contains(" process --duration 7200\n")
                .contains("[profile admin]\n").contains(" --role arn:aws:iam::123456789012:role/engineer-admin --duration 7200\n")
                .doesNotContain("mfa-engineer-admin");

        Subprocess prefixed = machine.run("mfa-portal configure --profile-prefix acme");
        assertThat(prefixed.exitValue()).as(prefixed.errors()).isZero();
        // Another prefix is another set of profiles (another portal, say): the first set stays.
        assertThat(machine.read(".aws/config")).startsWith(config).contains("[profile acme]\n")
                .contains("[profile acme-engineer-admin]\n");
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsWritten() throws IOException {
        HelperMachine machine = signedIn();
        for (String options : List.of("--region 'not a region'", "--profile-prefix 'a b'", "--name admin",
                "--name 'session=bad name'", "--frobnicate")) {
            Subprocess configure = machine.run("mfa-portal configure " + options);
            assertThat(configure.exitValue()).as(options).isEqualTo(2);
        }
        assertThat(home.resolve(".aws")).doesNotExist();
    }

    private HelperMachine signedIn() {
        HelperMachine machine = new HelperMachine(app, home);
        machine.install();
        machine.login(USER);
        return machine;
    }

    /** {@code aws sts get-caller-identity --profile NAME} on a terminal, typing the code the helper asks for. */
    private String awsOnTerminal(HelperMachine machine, Device device, String profile) {
        try (Subprocess terminal = machine.onTerminal("aws sts get-caller-identity --profile " + profile
                + " --endpoint-url " + fixture.awsEndpoint() + " --output text --query Arn")) {
            terminal.await(CODE_PROMPT, STEP);
            terminal.type(TestDevices.freshCode(fixture.aws(), device.seed()));
            assertThat(terminal.waitFor(STEP)).as(terminal.output()).isZero();
            return terminal.output();
        }
    }

    private List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve(".aws"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("config.bak-")).toList();
        }
    }

    private String portalUrl() {
        return app.toString().replaceAll("/$", "");
    }
}
