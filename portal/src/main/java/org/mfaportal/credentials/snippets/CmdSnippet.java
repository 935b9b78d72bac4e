package org.mfaportal.credentials.snippets;

import java.util.function.IntPredicate;

import org.mfaportal.aws.TemporaryCredentials;

/**
 * {@code set "NAME=value"} lines for Windows cmd, with CRLF line ends, to paste at the prompt or to run as a
 * {@code .cmd} file. Each line starts with {@code @} so that running the file does not echo the secrets.
 *
 * <p>cmd has no quoting that keeps every character literal. Inside the quotes of {@code set "NAME=value"},
 * {@code & | < > ^ ( )} and spaces are literal, but {@code %} is still expanded (and needs {@code %%} in a file
 * but not at the prompt), {@code !} is expanded when delayed expansion is on, and a {@code "} ends the quoted
 * part. Batch files are also read in the console code page, not UTF-8. Values with any of those characters are
 * refused rather than rendered wrong; real AWS keys and tokens never contain them.
 */
final class CmdSnippet {

    private static final String CRLF = "\r\n";

    private CmdSnippet() {
    }

    static String render(TemporaryCredentials credentials, SnippetOptions options) {
        StringBuilder out = new StringBuilder("@rem ").append(SnippetText.expiryNote(credentials.expiration())).append(CRLF);
        for (var variable : EnvironmentVariables.of(CredentialFormat.CMD, credentials, options)) {
            out.append("@set \"").append(variable.name()).append('=').append(quotedAssignmentValue(variable.name(), variable.value()))
                    .append('"').append(CRLF);
        }
        return out.toString();
    }

    /**
     * The value as it goes between {@code set "NAME=} and the closing {@code "}: unchanged, after checking that
     * cmd will read it back unchanged both at the prompt and in a batch file.
     */
    static String quotedAssignmentValue(String field, String value) {
        refuse(field, value, ValueRules.CONTROL, "a line break or other control character");
        refuse(field, value, c -> c == '"', "a double quote (\"), which would end cmd's quoting");
        refuse(field, value, c -> c == '%', "a percent sign (%), which cmd expands even inside quotes");
        refuse(field, value, c -> c == '!', "an exclamation mark (!), which cmd expands when delayed expansion is on");
        refuse(field, value, c -> c > 0x7e, "a non-ASCII character, which cmd reads in the console code page");
        return value;
    }

    private static void refuse(String field, String value, IntPredicate forbidden, String problem) {
        ValueRules.refuse(CredentialFormat.CMD, field, value, forbidden, problem);
    }
}
