package org.mfaportal.credentials.snippets;

/** The profile name for a {@code ~/.aws/credentials} block is empty, too long or has a character outside {@code A-Z a-z 0-9 - _ .}. */
public final class InvalidProfileName extends InvalidSnippetField {

    InvalidProfileName() {
        super("profileName",
                "A profile name must be 1 to 64 characters long and use only letters, digits, '-', '_' and '.'.");
    }
}
