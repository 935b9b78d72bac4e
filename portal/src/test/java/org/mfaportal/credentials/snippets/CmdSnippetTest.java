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
 * The Windows cmd format, as text. cmd cannot be run in this build environment, so this format is covered by
 * these unit tests only: what cmd keeps literal inside {@code set "NAME=value"} is asserted unchanged, and what it
 * would alter ({@code " % !}, line breaks, non-ASCII) must be refused.
 */
class CmdSnippetTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @Test
    void rendersQuotedSetLinesWithCrlfAndNoEcho() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.defaults().withRegion("eu-central-1"))).isEqualTo(
                "@rem AWS session credentials from MFA Portal, valid until 2025-03-01T12:00:00Z (UTC)\r\n"
                        + "@set \"AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE\"\r\n"
                        + "@set \"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\r\n"
                        + "@set \"AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEXAMPLETOKEN+/=\"\r\n"
                        + "@set \"AWS_CREDENTIAL_EXPIRATION=2025-03-01T12:00:00Z\"\r\n"
                        + "@set \"AWS_REGION=eu-central-1\"\r\n"
                        + "@set \"AWS_DEFAULT_REGION=eu-central-1\"\r\n");
    }

    static Stream<Named<String>> literalInsideQuotes() {
        return Stream.of(
                Named.of("caret", "^a^^"),
                Named.of("ampersand, pipe and redirections", "a&b|c<d>e&&f||g"),
                Named.of("parentheses", "(a) )b("),
                Named.of("spaces", "  two  spaces  "),
                Named.of("hash and semicolon", "#x; y"),
                Named.of("equals sign", "a=b=="),
                Named.of("single quote", "it's"),
                Named.of("backslash", "a\\b\\"),
                Named.of("dollar and backtick", "$HOME `id`"),
                Named.of("leading dash", "-n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("literalInsideQuotes")
    void keepsCmdMetacharactersLiteralInsideTheQuotedSet(String secret) {
        assertThat(render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .contains("\r\n@set \"AWS_SECRET_ACCESS_KEY=" + secret + "\"\r\n");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(Named.of("double quote", "say \"hi\""), "double quote"),
                Arguments.of(Named.of("percent", "100%"), "percent sign"),
                Arguments.of(Named.of("exclamation mark", "hi!"), "exclamation mark"),
                Arguments.of(Named.of("line break", "a\nb"), "line break"),
                Arguments.of(Named.of("carriage return", "a\rb"), "line break"),
                Arguments.of(Named.of("tab", "a\tb"), "control character"),
                Arguments.of(Named.of("unicode", "é"), "non-ASCII"),
                Arguments.of(Named.of("NUL", "a\0b"), "NUL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatCmdWouldChange(String secret, String problem) {
        assertThatThrownBy(() -> render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .isInstanceOfSatisfying(UnrepresentableCredentialValue.class, refusal -> {
                    assertThat(refusal.format()).isEqualTo(CredentialFormat.CMD);
                    assertThat(refusal.field()).isEqualTo("AWS_SECRET_ACCESS_KEY");
                    assertThat(refusal).hasMessageContaining(problem).hasMessageNotContaining(secret);
                });
    }

    @Test
    void refusesAProblemValueInAnyVariable() {
        assertThatThrownBy(() -> render(TestCredentials.with("-%x", TestCredentials.SECRET, TestCredentials.TOKEN),
                SnippetOptions.defaults()))
                .isInstanceOf(UnrepresentableCredentialValue.class)
                .hasMessageContaining("AWS_ACCESS_KEY_ID");
    }

    private String render(TemporaryCredentials credentials, SnippetOptions options) {
        return snippets.render(CredentialFormat.CMD, credentials, options);
    }
}
