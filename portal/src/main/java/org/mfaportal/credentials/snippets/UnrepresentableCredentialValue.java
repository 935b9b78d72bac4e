package org.mfaportal.credentials.snippets;

/**
 * A credential value holds a character that the chosen format cannot carry faithfully (for example a line
 * break in a {@code ~/.aws/credentials} file, or {@code %} in a Windows cmd snippet). Rather than emit a
 * snippet that would silently set a different value, the portal refuses that format. The message names the
 * format, the field and the offending kind of character, never the value itself.
 */
public final class UnrepresentableCredentialValue extends IllegalArgumentException {

    private final CredentialFormat format;
    private final String field;

    UnrepresentableCredentialValue(CredentialFormat format, String field, String problem) {
        super("The " + format.displayName() + " format cannot carry " + field + " because it contains " + problem
                + ". Choose another format, for example JSON.");
        this.format = format;
        this.field = field;
    }

    /** The format that refused the value. */
    public CredentialFormat format() {
        return format;
    }

    /** The variable or key that held the value, for example {@code AWS_SESSION_TOKEN}. */
    public String field() {
        return field;
    }
}
