package org.mfaportal.credentials.snippets;

import org.mfaportal.aws.TemporaryCredentials;

/**
 * {@code NAME='value'} lines for a {@code .env} file.
 *
 * <p>Dotenv readers disagree on escapes: inside double quotes python-dotenv decodes {@code \"} and {@code \\},
 * Node's dotenv only {@code \n}, Docker Compose and Ruby's dotenv expand {@code $VAR}, and a POSIX shell expands
 * {@code $} and backticks. Inside single quotes all of them, and {@code set -a; . ./.env} in a shell, take every
 * character literally, as long as the value holds no single quote, no backslash and no line break. So values are
 * single-quoted unchanged, and a value with one of those three is refused rather than read differently by
 * different tools.
 */
final class DotenvSnippet {

    private DotenvSnippet() {
    }

    static String render(TemporaryCredentials credentials, SnippetOptions options) {
        StringBuilder out = new StringBuilder("# ").append(SnippetText.expiryNote(credentials.expiration())).append('\n');
        for (var variable : EnvironmentVariables.of(CredentialFormat.DOTENV, credentials, options)) {
            out.append(variable.name()).append('=').append(singleQuoted(variable.name(), variable.value())).append('\n');
        }
        return out.toString();
    }

    /** The value between single quotes, after refusing what some dotenv reader would not take literally there. */
    static String singleQuoted(String field, String value) {
        CredentialFormat format = CredentialFormat.DOTENV;
        ValueRules.refuse(format, field, value, c -> c == '\'', "a single quote (')");
        ValueRules.refuse(format, field, value, c -> c == '\\', "a backslash, which dotenv readers unescape differently");
        ValueRules.refuse(format, field, value, ValueRules.LINE_BREAK, "a line break");
        return "'" + value + "'";
    }
}
