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

/** The {@code .env} format, as text. {@link PosixShellRoundTripTest} also loads it with {@code set -a; . file}. */
class DotenvSnippetTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @Test
    void rendersSingleQuotedAssignmentsIncludingExpiryAndRegion() {
        assertThat(render(TestCredentials.ordinary(), SnippetOptions.defaults().withRegion("eu-central-1"))).isEqualTo("""
                # AWS session credentials from MFA Portal, valid until 2025-03-01T12:00:00Z (UTC)
                AWS_ACCESS_KEY_ID='ASIAIOSFODNN7EXAMPLE'
                AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
                AWS_SESSION_TOKEN='IQoJb3JpZ2luX2VjEXAMPLETOKEN+/='
                AWS_CREDENTIAL_EXPIRATION='2025-03-01T12:00:00Z'
                AWS_REGION='eu-central-1'
                AWS_DEFAULT_REGION='eu-central-1'
                """);
    }

    static Stream<Named<String>> literalInsideSingleQuotes() {
        return Stream.of(
                Named.of("double quote", "say \"hi\""),
                Named.of("dollar, which double quotes would interpolate", "$HOME ${PATH} $(id)"),
                Named.of("backtick", "`id`"),
                Named.of("exclamation mark, percent and caret", "!! 100% ^a"),
                Named.of("ampersand, pipe and redirections", "a&b|c<d>e"),
                Named.of("spaces", "  two  spaces  "),
                Named.of("hash, which is no comment inside quotes", "#x"),
                Named.of("semicolon", "a; b"),
                Named.of("unicode", "é 日本 🔑"),
                Named.of("leading dash", "-n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("literalInsideSingleQuotes")
    void keepsTheValueUnchangedInsideSingleQuotes(String secret) {
        assertThat(render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .contains("\nAWS_SECRET_ACCESS_KEY='" + secret + "'\n");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(Named.of("single quote", "it's"), "single quote"),
                Arguments.of(Named.of("backslash", "a\\b"), "backslash"),
                Arguments.of(Named.of("line break", "a\nb"), "line break"),
                Arguments.of(Named.of("carriage return", "a\rb"), "line break"),
                Arguments.of(Named.of("NUL", "a\0b"), "NUL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatDotenvReadersWouldReadDifferently(String secret, String problem) {
        assertThatThrownBy(() -> render(TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .isInstanceOfSatisfying(UnrepresentableCredentialValue.class, refusal -> {
                    assertThat(refusal.format()).isEqualTo(CredentialFormat.DOTENV);
                    assertThat(refusal).hasMessageContaining("AWS_SECRET_ACCESS_KEY").hasMessageContaining(problem);
                });
    }

    private String render(TemporaryCredentials credentials, SnippetOptions options) {
        return snippets.render(CredentialFormat.DOTENV, credentials, options);
    }
}
