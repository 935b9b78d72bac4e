package org.mfaportal.credentials.snippets;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A format id that names no {@link CredentialFormat}. The message lists the valid ids. */
public final class UnknownCredentialFormat extends InvalidSnippetField {

    UnknownCredentialFormat(String id) {
        super("format", message(id));
    }

    private static String message(String id) {
        return "Unknown credential format" + (id == null || id.isBlank() ? "" : " '" + abbreviate(id) + "'")
                + "; use one of: " + Arrays.stream(CredentialFormat.values()).map(CredentialFormat::id)
                        .collect(Collectors.joining(", ")) + ".";
    }

    // The id comes from a URL; keep an absurdly long one out of error pages and logs.
    private static String abbreviate(String id) {
        String printable = id.codePoints().filter(c -> c >= 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= 32 ? printable : printable.substring(0, 32) + "…";
    }
}
