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

/** The fish format, as text. {@link FishRoundTripTest} feeds it to a real fish. */
class FishSnippetTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @Test
    void rendersGlobalExportedSetLinesUnderAnExpiryComment() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.defaults().withRegion("us-east-1"))).isEqualTo("""
                # AWS session credentials from MFA Portal, valid until 2025-03-01T12:00:00Z (UTC)
                set -gx AWS_ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE'
                set -gx AWS_SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
                set -gx AWS_SESSION_TOKEN 'IQoJb3JpZ2luX2VjEXAMPLETOKEN+/='
                set -gx AWS_CREDENTIAL_EXPIRATION '2025-03-01T12:00:00Z'
                set -gx AWS_REGION 'us-east-1'
                set -gx AWS_DEFAULT_REGION 'us-east-1'
                """);
    }

    static Stream<Arguments> quotedSecrets() {
        return Stream.of(
                Arguments.of(Named.of("single quote is backslash-escaped", "it's"), "'it\\'s'"),
                Arguments.of(Named.of("backslash is doubled", "a\\b\\"), "'a\\\\b\\\\'"),
                Arguments.of(Named.of("escaped-looking quote keeps both characters", "\\'"), "'\\\\\\''"),
                Arguments.of(Named.of("double quote stays literal", "say \"hi\""), "'say \"hi\"'"),
                Arguments.of(Named.of("dollar, parentheses and braces are not expanded", "$HOME (id) {a,b}"), "'$HOME (id) {a,b}'"),
                Arguments.of(Named.of("backtick stays literal", "`id`"), "'`id`'"),
                Arguments.of(Named.of("exclamation mark, percent and caret stay literal", "!! 100% ^a"), "'!! 100% ^a'"),
                Arguments.of(Named.of("ampersand, pipe and redirections stay literal", "a&b|c<d>e"), "'a&b|c<d>e'"),
                Arguments.of(Named.of("spaces are kept", "  two  spaces  "), "'  two  spaces  '"),
                Arguments.of(Named.of("hash and semicolon stay literal", "#x; y"), "'#x; y'"),
                Arguments.of(Named.of("unicode is kept as is", "é 日本 🔑"), "'é 日本 🔑'"),
                Arguments.of(Named.of("leading dash is not an option of set", "--erase"), "'--erase'"),
                Arguments.of(Named.of("line break stays inside the quotes", "a\nb"), "'a\nb'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quotedSecrets")
    void quotesTheValueInFishSingleQuotes(String secret, String expectedQuoted) {
        assertThat(render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .contains("\nset -gx AWS_SECRET_ACCESS_KEY " + expectedQuoted + "\nset -gx AWS_SESSION_TOKEN ");
    }

    @Test
    void refusesANulCharacterThatNoEnvironmentVariableCanHold() {
        assertThatThrownBy(() -> render(TestCredentials.withSecret("a\0b"), SnippetOptions.defaults()))
                .isInstanceOf(UnrepresentableCredentialValue.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    }

    private String render(TemporaryCredentials credentials, SnippetOptions options) {
        return snippets.render(CredentialFormat.FISH, credentials, options);
    }
}
