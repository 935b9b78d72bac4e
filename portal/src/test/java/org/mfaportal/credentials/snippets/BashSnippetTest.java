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

/** The bash / zsh / sh format, as text. {@link PosixShellRoundTripTest} feeds it to the real shells. */
class BashSnippetTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @Test
    void rendersExportLinesUnderAnExpiryComment() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.defaults())).isEqualTo("""
                # AWS session credentials from MFA Portal, valid until 2025-03-01T12:00:00Z (UTC)
                export AWS_ACCESS_KEY_ID='ASIAIOSFODNN7EXAMPLE'
                export AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
                export AWS_SESSION_TOKEN='IQoJb3JpZ2luX2VjEXAMPLETOKEN+/='
                export AWS_CREDENTIAL_EXPIRATION='2025-03-01T12:00:00Z'
                """);
    }

    @Test
    void setsAwsRegionAndAwsDefaultRegionWhenARegionIsChosen() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.defaults().withRegion("eu-central-1")))
                .endsWith("""
                        export AWS_CREDENTIAL_EXPIRATION='2025-03-01T12:00:00Z'
                        export AWS_REGION='eu-central-1'
                        export AWS_DEFAULT_REGION='eu-central-1'
                        """);
    }

    static Stream<Arguments> quotedSecrets() {
        return Stream.of(
                Arguments.of(Named.of("single quote closes, escapes and reopens", "it's"), "'it'\\''s'"),
                Arguments.of(Named.of("only a single quote", "'"), "''\\'''"),
                Arguments.of(Named.of("double quote stays literal", "say \"hi\""), "'say \"hi\"'"),
                Arguments.of(Named.of("backslash stays literal", "a\\b\\"), "'a\\b\\'"),
                Arguments.of(Named.of("dollar is not expanded", "$HOME ${PATH} $(id)"), "'$HOME ${PATH} $(id)'"),
                Arguments.of(Named.of("backtick is not run", "`id`"), "'`id`'"),
                Arguments.of(Named.of("exclamation mark is not history", "!! !$"), "'!! !$'"),
                Arguments.of(Named.of("percent and caret stay literal", "%PATH% ^a"), "'%PATH% ^a'"),
                Arguments.of(Named.of("ampersand, pipe and redirections stay literal", "a&b|c<d>e"), "'a&b|c<d>e'"),
                Arguments.of(Named.of("spaces are kept", "  two  spaces  "), "'  two  spaces  '"),
                Arguments.of(Named.of("hash and semicolon stay literal", "#x; y"), "'#x; y'"),
                Arguments.of(Named.of("unicode is kept as is", "é 日本 🔑"), "'é 日本 🔑'"),
                Arguments.of(Named.of("leading dash is part of the assignment", "-n"), "'-n'"),
                Arguments.of(Named.of("line break stays inside the quotes", "a\nb"), "'a\nb'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quotedSecrets")
    void quotesTheValueInPosixSingleQuotes(String secret, String expectedQuoted) {
        assertThat(render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .contains("\nexport AWS_SECRET_ACCESS_KEY=" + expectedQuoted + "\nexport AWS_SESSION_TOKEN=");
    }

    @Test
    void refusesANulCharacterThatNoEnvironmentVariableCanHold() {
        assertThatThrownBy(() -> render(TestCredentials.withSecret("a\0b"), SnippetOptions.defaults()))
                .isInstanceOf(UnrepresentableCredentialValue.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                .hasMessageContaining("NUL");
    }

    private String render(TemporaryCredentials credentials, SnippetOptions options) {
        return snippets.render(CredentialFormat.BASH, credentials, options);
    }
}
