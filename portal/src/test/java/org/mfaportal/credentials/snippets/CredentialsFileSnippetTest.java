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

/** The {@code ~/.aws/credentials} block, as text. {@link PythonReadsCredentialFilesTest} parses it with configparser. */
class CredentialsFileSnippetTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @Test
    void rendersAProfileBlockWithTheExpiryInAComment() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.of("dev-mfa", null))).isEqualTo("""
                [dev-mfa]
                # AWS session credentials from MFA Portal, valid until 2025-03-01T12:00:00Z (UTC).
                # This file has no expiry key: after that time AWS rejects these credentials; get new ones.
                aws_access_key_id = ASIAIOSFODNN7EXAMPLE
                aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                aws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN+/=
                """);
    }

    @Test
    void usesTheDefaultProfileNameMfaWhenNoneIsGiven() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.of(" ", null))).startsWith("[mfa]\n");
    }

    @Test
    void setsTheRegionInTheProfileItself() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.of("dev", "eu-central-1")))
                .endsWith("aws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN+/=\nregion = eu-central-1\n")
                .doesNotContain("~/.aws/config");
    }

    @Test
    void leavesTheRegionOutWhenNoneIsGiven() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.of("dev", null))).doesNotContain("region");
    }

    static Stream<Named<String>> keptAsIs() {
        return Stream.of(
                Named.of("hash and semicolon not after a blank", "abc#def;ghi"),
                Named.of("single and double quotes", "it's \"x\""),
                Named.of("backslash", "a\\b\\"),
                Named.of("dollar, backtick and exclamation mark", "$HOME`id`!!"),
                Named.of("percent, which RawConfigParser does not interpolate", "%(x)s 100%"),
                Named.of("caret, ampersand, pipe and redirections", "^a&b|c<d>e"),
                Named.of("inner spaces", "a  b"),
                Named.of("unicode", "é日本🔑"),
                Named.of("leading dash", "-n"),
                Named.of("brackets and equals", "[x]=y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keptAsIs")
    void writesValuesUnchangedWhenIniReadsThemBackUnchanged(String secret) {
        assertThat(render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .contains("\naws_secret_access_key = " + secret + "\n");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(Named.of("line break", "a\nb"), "line break"),
                Arguments.of(Named.of("carriage return", "a\rb"), "line break"),
                Arguments.of(Named.of("tab", "a\tb"), "control character"),
                Arguments.of(Named.of("NUL", "a\0b"), "control character"),
                Arguments.of(Named.of("leading blank", " ab"), "leading or trailing blanks"),
                Arguments.of(Named.of("trailing blank", "ab "), "leading or trailing blanks"),
                Arguments.of(Named.of("hash after a blank", "ab #c"), "comment"),
                Arguments.of(Named.of("semicolon after a blank", "ab ;c"), "comment"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesValuesIniCannotCarry(String secret, String problem) {
        assertThatThrownBy(() -> render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .isInstanceOfSatisfying(UnrepresentableCredentialValue.class, refusal -> {
                    assertThat(refusal.format()).isEqualTo(CredentialFormat.CREDENTIALS);
                    assertThat(refusal.field()).isEqualTo("aws_secret_access_key");
                    assertThat(refusal).hasMessageContaining(problem);
                });
    }

    private String render(TemporaryCredentials credentials, SnippetOptions options) {
        return snippets.render(CredentialFormat.CREDENTIALS, credentials, options);
    }
}
