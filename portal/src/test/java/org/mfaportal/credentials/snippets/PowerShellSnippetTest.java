package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfaportal.aws.TemporaryCredentials;

/**
 * The PowerShell format, as text. PowerShell cannot be installed in this build environment, so unlike the POSIX
 * and fish formats this one is covered by these unit tests only, written against PowerShell's documented
 * quoting rules (about_Quoting_Rules) and its own {@code CodeGeneration.EscapeSingleQuotedStringContent}.
 */
class PowerShellSnippetTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @Test
    void rendersEnvAssignmentsUnderAnExpiryComment() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.defaults().withRegion("eu-west-1"))).isEqualTo("""
                # AWS session credentials from MFA Portal, valid until 2025-03-01T12:00:00Z (UTC)
                $Env:AWS_ACCESS_KEY_ID = 'ASIAIOSFODNN7EXAMPLE'
                $Env:AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
                $Env:AWS_SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN+/='
                $Env:AWS_CREDENTIAL_EXPIRATION = '2025-03-01T12:00:00Z'
                $Env:AWS_REGION = 'eu-west-1'
                $Env:AWS_DEFAULT_REGION = 'eu-west-1'
                """);
    }

    static Stream<Arguments> quotedSecrets() {
        return Stream.of(
                Arguments.of(Named.of("single quote is doubled", "it's"), "'it''s'"),
                Arguments.of(Named.of("only a single quote", "'"), "''''"),
                Arguments.of(Named.of("typographic single quotes are doubled too", "‘a’ ‚b‛"), "'‘‘a’’ ‚‚b‛‛'"),
                Arguments.of(Named.of("double quotes, including typographic ones, stay literal", "\"a\" “b”"), "'\"a\" “b”'"),
                Arguments.of(Named.of("dollar and subexpressions are not expanded", "$Env:HOME $(id) @x"), "'$Env:HOME $(id) @x'"),
                Arguments.of(Named.of("backtick is not an escape", "`n`"), "'`n`'"),
                Arguments.of(Named.of("backslash stays literal", "a\\b\\"), "'a\\b\\'"),
                Arguments.of(Named.of("exclamation mark, percent and caret stay literal", "!! 100% ^a"), "'!! 100% ^a'"),
                Arguments.of(Named.of("ampersand, pipe and redirections stay literal", "a&b|c<d>e"), "'a&b|c<d>e'"),
                Arguments.of(Named.of("spaces are kept", "  two  spaces  "), "'  two  spaces  '"),
                Arguments.of(Named.of("hash and semicolon stay literal", "#x; y"), "'#x; y'"),
                Arguments.of(Named.of("unicode is kept as is", "é 日本 🔑"), "'é 日本 🔑'"),
                Arguments.of(Named.of("leading dash is part of the string", "-n"), "'-n'"),
                Arguments.of(Named.of("line break stays inside the verbatim string", "a\nb"), "'a\nb'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quotedSecrets")
    void quotesTheValueAsAVerbatimString(String secret, String expectedQuoted) {
        assertThat(render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .contains("\n$Env:AWS_SECRET_ACCESS_KEY = " + expectedQuoted + "\n$Env:AWS_SESSION_TOKEN = ");
    }

    @Test
    void refusesANulCharacterThatNoEnvironmentVariableCanHold() {
        assertThatThrownBy(() -> render(TestCredentials.withSecret("a\0b"), SnippetOptions.defaults()))
                .isInstanceOf(UnrepresentableCredentialValue.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    }

    private String render(TemporaryCredentials credentials, SnippetOptions options) {
        return snippets.render(CredentialFormat.POWERSHELL, credentials, options);
    }
}
