package org.mfaportal.credentials.snippets;

import org.mfaportal.aws.TemporaryCredentials;

/**
 * {@code export NAME='value'} lines. POSIX single quotes keep every character literal, so the same text works
 * in bash, zsh, dash and any POSIX sh, evaluated ({@code eval "$(...)"}), sourced or pasted.
 */
final class BashSnippet {

    private BashSnippet() {
    }

    static String render(TemporaryCredentials credentials, SnippetOptions options) {
        StringBuilder out = new StringBuilder("# ").append(SnippetText.expiryNote(credentials.expiration())).append('\n');
        for (var variable : EnvironmentVariables.of(CredentialFormat.BASH, credentials, options)) {
            out.append("export ").append(variable.name()).append('=').append(singleQuoted(variable.value())).append('\n');
        }
        return out.toString();
    }

    /**
     * POSIX single quoting: nothing is special between single quotes except the closing quote, which cannot be
     * escaped there; so each {@code '} ends the quoted part, adds an escaped quote and opens a new one
     * ({@code '\''}).
     */
    static String singleQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
