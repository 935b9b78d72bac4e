package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfaportal.aws.TemporaryCredentials;

/**
 * Feeds the bash snippet to real bash, dash ({@code sh}) and zsh, sourced and through {@code eval "$(cat file)"},
 * and the dotenv file to {@code set -a; . file}, then reads every variable back through {@code printf '%s\0'} and
 * asserts it is byte-for-byte the value the portal issued. zsh is not preinstalled: a missing shell fails the test
 * with the command that installs it.
 */
class PosixShellRoundTripTest {

    private static final String REGION = "eu-central-1";
    private static final String PRINT_VALUES = "printf '%s\\0' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\""
            + " \"$AWS_SESSION_TOKEN\" \"$AWS_CREDENTIAL_EXPIRATION\" \"$AWS_REGION\" \"$AWS_DEFAULT_REGION\"";

    enum Shell {
        BASH("bash", "apt-get install -y bash", "bash", "--norc", "--noprofile", "-c"),
        DASH("sh", "apt-get install -y dash", "sh", "-c"),
        ZSH("zsh", "apt-get install -y zsh", "zsh", "-f", "-c");

        final String program;
        final String installCommand;
        final List<String> invocation;

        Shell(String program, String installCommand, String... invocation) {
            this.program = program;
            this.installCommand = installCommand;
            this.invocation = List.of(invocation);
        }

        /** Runs {@code script} with the snippet file as {@code $1}. */
        List<String> run(Path workDir, String script, Path file) {
            InstalledPrograms.require(program, installCommand);
            List<String> command = new ArrayList<>(invocation);
            command.add(script);
            command.add(program);
            command.add(file.toString());
            return InstalledPrograms.runNulSeparated(workDir, command);
        }
    }

    enum Loading {
        SOURCED(". \"$1\""),
        EVALUATED("eval \"$(cat \"$1\")\"");

        final String command;

        Loading(String command) {
            this.command = command;
        }
    }

    @TempDir
    Path workDir;

    private final CredentialSnippets snippets = new CredentialSnippets();

    static Stream<Arguments> shellsLoadingsAndValues() {
        List<Arguments> cases = new ArrayList<>();
        for (Shell shell : Shell.values()) {
            for (Loading loading : Loading.values()) {
                TrickyValues.all().forEach(value -> cases.add(Arguments.of(shell, loading, value)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("shellsLoadingsAndValues")
    void bashSnippetSetsTheExactValue(Shell shell, Loading loading, String secret) throws IOException {
        TemporaryCredentials credentials = TestCredentials.withSecret(secret);
        Path file = write("aws-credentials.sh", CredentialFormat.BASH, credentials);

        assertThat(shell.run(workDir, loading.command + "; " + PRINT_VALUES, file)).containsExactly(
                TestCredentials.ACCESS_KEY_ID, secret, TestCredentials.TOKEN, TestCredentials.EXPIRATION_TEXT, REGION, REGION);
    }

    static Stream<Arguments> shellsAndLoadings() {
        return Stream.of(Shell.values()).flatMap(shell -> Stream.of(Loading.values()).map(loading -> Arguments.of(shell, loading)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shellsAndLoadings")
    void bashSnippetSetsTrickyValuesInEveryVariableAtOnce(Shell shell, Loading loading) throws IOException {
        TemporaryCredentials credentials = TestCredentials.with("-n", String.join("", TrickyValues.ALL.stream()
                .map(Named::getPayload).toList()), "'");
        Path file = write("aws-credentials.sh", CredentialFormat.BASH, credentials);

        assertThat(shell.run(workDir, loading.command + "; " + PRINT_VALUES, file)).containsExactly(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken(),
                TestCredentials.EXPIRATION_TEXT, REGION, REGION);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void bashSnippetExportsTheVariablesToChildProcesses(Shell shell) throws IOException {
        String secret = "it's $HOME\n`id` 🔑";
        Path file = write("aws-credentials.sh", CredentialFormat.BASH, TestCredentials.withSecret(secret));

        Map<String, String> childSees = InstalledPrograms.awsEnvironment(shell.run(workDir, ". \"$1\"; exec env -0", file));

        assertThat(childSees).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AWS_ACCESS_KEY_ID", TestCredentials.ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_SESSION_TOKEN", TestCredentials.TOKEN,
                "AWS_CREDENTIAL_EXPIRATION", TestCredentials.EXPIRATION_TEXT,
                "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION));
    }

    static Stream<Shell> shells() {
        return Stream.of(Shell.values());
    }

    static Stream<Arguments> shellsAndDotenvValues() {
        List<Arguments> cases = new ArrayList<>();
        for (Shell shell : Shell.values()) {
            TrickyValues.where(PosixShellRoundTripTest::dotenvAccepts).forEach(value -> cases.add(Arguments.of(shell, value)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("shellsAndDotenvValues")
    void dotenvFileLoadedWithSetDashASetsAndExportsTheExactValue(Shell shell, String secret) throws IOException {
        Path file = write(".env", CredentialFormat.DOTENV, TestCredentials.withSecret(secret));

        assertThat(shell.run(workDir, "set -a; . \"$1\"; set +a; " + PRINT_VALUES, file)).containsExactly(
                TestCredentials.ACCESS_KEY_ID, secret, TestCredentials.TOKEN, TestCredentials.EXPIRATION_TEXT, REGION, REGION);
        assertThat(InstalledPrograms.awsEnvironment(shell.run(workDir, "set -a; . \"$1\"; exec env -0", file)))
                .containsEntry("AWS_SECRET_ACCESS_KEY", secret)
                .containsEntry("AWS_CREDENTIAL_EXPIRATION", TestCredentials.EXPIRATION_TEXT);
    }

    @Test
    void dotenvAcceptsAtLeastTheShellMetacharacters() {
        assertThat(TrickyValues.where(PosixShellRoundTripTest::dotenvAccepts).map(Named::getName))
                .contains("double quote", "dollar", "backtick", "exclamation mark", "hash", "semicolon", "unicode", "leading dash");
    }

    // What DotenvSnippet refuses: single quote, backslash, line breaks.
    private static boolean dotenvAccepts(String value) {
        return value.chars().noneMatch(c -> c == '\'' || c == '\\' || c == '\n' || c == '\r');
    }

    private Path write(String name, CredentialFormat format, TemporaryCredentials credentials) throws IOException {
        String snippet = snippets.render(format, credentials, SnippetOptions.defaults().withRegion(REGION));
        return Files.writeString(workDir.resolve(name), snippet);
    }
}
