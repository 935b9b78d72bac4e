package org.mfaportal.credentials.snippets;

import org.mfaportal.aws.TemporaryCredentials;

/** {@code $Env:NAME = 'value'} lines for PowerShell (Windows PowerShell 5.1 and PowerShell 7). */
final class PowerShellSnippet {

    private PowerShellSnippet() {
    }

    static String render(TemporaryCredentials credentials, SnippetOptions options) {
        StringBuilder out = new StringBuilder("# ").append(SnippetText.expiryNote(credentials.expiration())).append('\n');
        for (var variable : EnvironmentVariables.of(CredentialFormat.POWERSHELL, credentials, options)) {
            out.append("$Env:").append(variable.name()).append(" = ").append(singleQuoted(variable.value())).append('\n');
        }
        return out.toString();
    }

    /**
     * PowerShell verbatim (single-quoted) string: no expansion at all, and a quote is written twice. PowerShell
     * accepts the typographic quotes U+2018, U+2019, U+201A and U+201B as single quotes too, so those are doubled
     * as well (as PowerShell's own {@code CodeGeneration.EscapeSingleQuotedStringContent} does).
     */
    static String singleQuoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isSingleQuote(c)) {
                quoted.append(c);
            }
            quoted.append(c);
        }
        return quoted.append('\'').toString();
    }

    private static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';
    }
}
