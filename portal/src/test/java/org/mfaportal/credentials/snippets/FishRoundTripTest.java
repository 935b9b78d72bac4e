package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfaportal.aws.TemporaryCredentials;

/**
 * Feeds the fish snippet to a real fish ({@code source file} and {@code cat file | source}) and reads every
 * variable back through {@code printf '%s\0'}, asserting byte-exact values. fish is not preinstalled here; CI
 * installs it, and without it these tests fail with the command that installs it.
 */
class FishRoundTripTest {

    private static final String REGION = "eu-central-1";
    private static final String PRINT_VALUES = "printf '%s\\0' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\""
            + " \"$AWS_SESSION_TOKEN\" \"$AWS_CREDENTIAL_EXPIRATION\" \"$AWS_REGION\" \"$AWS_DEFAULT_REGION\"";

    @TempDir
    Path workDir;

    private final CredentialSnippets snippets = new CredentialSnippets();

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.mfaportal.credentials.snippets.TrickyValues#all")
    void sourcedSnippetSetsTheExactValue(String secret) throws IOException {
        Path file = write(TestCredentials.withSecret(secret));

        assertThat(fish("source $argv[1]; " + PRINT_VALUES, file)).containsExactly(
                TestCredentials.ACCESS_KEY_ID, secret, TestCredentials.TOKEN, TestCredentials.EXPIRATION_TEXT, REGION, REGION);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.mfaportal.credentials.snippets.TrickyValues#all")
    void snippetPipedToSourceSetsTheExactValue(String secret) throws IOException {
        Path file = write(TestCredentials.withSecret(secret));

        assertThat(fish("cat $argv[1] | source; " + PRINT_VALUES, file)).containsExactly(
                TestCredentials.ACCESS_KEY_ID, secret, TestCredentials.TOKEN, TestCredentials.EXPIRATION_TEXT, REGION, REGION);
    }

    @Test
    void snippetSetsTrickyValuesInEveryVariableAtOnce() throws IOException {
        TemporaryCredentials credentials = TestCredentials.with("--erase", String.join("", TrickyValues.ALL.stream()
                .map(Named::getPayload).toList()), "\\'");
        Path file = write(credentials);

        assertThat(fish("source $argv[1]; " + PRINT_VALUES, file)).containsExactly(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken(),
                TestCredentials.EXPIRATION_TEXT, REGION, REGION);
    }

    @Test
    void snippetSourcedInsideAFunctionStillExportsGloballyToChildProcesses() throws IOException {
        String secret = "it's $HOME\n`id` 🔑";
        Path file = write(TestCredentials.withSecret(secret));

        Map<String, String> childSees = InstalledPrograms.awsEnvironment(
                fish("function load; source $argv[1]; end; load $argv[1]; exec env -0", file));

        assertThat(childSees).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AWS_ACCESS_KEY_ID", TestCredentials.ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_SESSION_TOKEN", TestCredentials.TOKEN,
                "AWS_CREDENTIAL_EXPIRATION", TestCredentials.EXPIRATION_TEXT,
                "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION));
    }

    private List<String> fish(String script, Path file) {
        InstalledPrograms.require("fish", "apt-get install -y fish");
        return InstalledPrograms.runNulSeparated(workDir, List.of("fish", "--no-config", "-c", script, file.toString()));
    }

    private Path write(TemporaryCredentials credentials) throws IOException {
        String snippet = snippets.render(CredentialFormat.FISH, credentials, SnippetOptions.defaults().withRegion(REGION));
        return Files.writeString(workDir.resolve("aws-credentials.fish"), snippet);
    }
}
