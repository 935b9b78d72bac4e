package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfaportal.aws.TemporaryCredentials;

/**
 * Reads the {@code ~/.aws/credentials} block with Python's {@code configparser.RawConfigParser}, the parser
 * botocore and the AWS CLI use, and the {@code credential_process} document with Python's {@code json}, and asserts
 * the values come back exactly.
 */
class PythonReadsCredentialFilesTest {

    private static final String REGION = "eu-central-1";

    private static final String READ_PROFILE = """
            import configparser, sys
            parser = configparser.RawConfigParser()
            with open(sys.argv[1], encoding="utf-8") as f:
                parser.read_file(f)
            values = [",".join(parser.sections())]
            section = parser[sys.argv[2]]
            values += [section[k] for k in ("aws_access_key_id", "aws_secret_access_key", "aws_session_token", "region")]
            values.append(str(len(section)))
            sys.stdout.buffer.write(b"".join(v.encode("utf-8") + b"\\0" for v in values))
            """;

    private static final String READ_PROCESS_JSON = """
            import json, sys
            with open(sys.argv[1], encoding="utf-8") as f:
                doc = json.load(f)
            values = [",".join(doc), str(doc["Version"]), doc["AccessKeyId"], doc["SecretAccessKey"],
                      doc["SessionToken"], doc["Expiration"]]
            sys.stdout.buffer.write(b"".join(v.encode("utf-8") + b"\\0" for v in values))
            """;

    @TempDir
    Path workDir;

    private final CredentialSnippets snippets = new CredentialSnippets();

    static Stream<Named<String>> iniSafeValues() {
        return TrickyValues.where(value -> value.equals(value.strip())
                && value.chars().noneMatch(Character::isISOControl)
                && !value.matches("(?s).*\\s[#;].*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("iniSafeValues")
    void configParserReadsTheProfileBlockBackExactly(String secret) throws IOException {
        Path file = Files.writeString(workDir.resolve("credentials"), render(TestCredentials.withSecret(secret), "dev-mfa"));

        assertThat(python(READ_PROFILE, file, "dev-mfa")).containsExactly(
                "dev-mfa", TestCredentials.ACCESS_KEY_ID, secret, TestCredentials.TOKEN, REGION, "4");
    }

    @Test
    void iniSafeValuesIncludeTheCharactersThatAreSpecialElsewhere() {
        assertThat(iniSafeValues().map(Named::getName)).contains("single quote", "double quote", "backslash", "dollar",
                "percent", "hash", "unicode", "leading dash");
    }

    @Test
    void blockAppendedToAnExistingCredentialsFileLeavesTheOtherProfilesIntact() throws IOException {
        String existing = """
                [default]
                aws_access_key_id = AKIAIOSFODNN7EXAMPLE
                aws_secret_access_key = long-term-secret
                """;
        Path file = Files.writeString(workDir.resolve("credentials"),
                existing + "\n" + render(TestCredentials.ordinary(), "mfa"));

        assertThat(python(READ_PROFILE, file, "mfa")).containsExactly(
                "default,mfa", TestCredentials.ACCESS_KEY_ID, TestCredentials.SECRET, TestCredentials.TOKEN, REGION, "4");
        assertThat(python(READ_PROFILE.replace(", \"aws_session_token\", \"region\"", ""), file, "default"))
                .containsExactly("default,mfa", "AKIAIOSFODNN7EXAMPLE", "long-term-secret", "2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.mfaportal.credentials.snippets.TrickyValues#all")
    void jsonModuleReadsTheCredentialProcessDocumentBackExactly(String secret) throws IOException {
        TemporaryCredentials credentials = TestCredentials.withSecret(secret);
        Path file = Files.writeString(workDir.resolve("process.json"),
                snippets.render(CredentialFormat.PROCESS, credentials, SnippetOptions.defaults()));

        assertThat(python(READ_PROCESS_JSON, file)).containsExactly(
                "Version,AccessKeyId,SecretAccessKey,SessionToken,Expiration", "1",
                TestCredentials.ACCESS_KEY_ID, secret, TestCredentials.TOKEN, TestCredentials.EXPIRATION_TEXT);
    }

    private String render(TemporaryCredentials credentials, String profile) {
        return snippets.render(CredentialFormat.CREDENTIALS, credentials, SnippetOptions.of(profile, REGION));
    }

    private List<String> python(String program, Path file, String... args) {
        InstalledPrograms.require("python3", "apt-get install -y python3");
        Stream<String> command = Stream.concat(Stream.of("python3", "-c", program, file.toString()), Stream.of(args));
        return InstalledPrograms.runNulSeparated(workDir, command.toList());
    }
}
