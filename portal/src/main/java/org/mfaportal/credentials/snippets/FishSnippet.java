package org.mfaportal.credentials.snippets;

import org.mfaportal.aws.TemporaryCredentials;

/** {@code set -gx NAME 'value'} lines for fish: global and exported, so sourcing from a function works too. */
final class FishSnippet {

    private FishSnippet() {
    }

    static String render(TemporaryCredentials credentials, SnippetOptions options) {
        StringBuilder out = new StringBuilder("# ").append(SnippetText.expiryNote(credentials.expiration())).append('\n');
        for (var variable : EnvironmentVariables.of(CredentialFormat.FISH, credentials, options)) {
            out.append("set -gx ").append(variable.name()).append(' ').append(singleQuoted(variable.value())).append('\n');
        }
        return out.toString();
    }

    /**
     * Fish single quoting: inside single quotes only {@code \\} and {@code \'} are escape sequences; every other
     * character, including {@code $}, a lone backslash and a line break, is literal.
     */
    static String singleQuoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\'') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('\'').toString();
    }
}
