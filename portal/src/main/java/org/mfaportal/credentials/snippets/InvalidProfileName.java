package org.mfaportal.credentials.snippets;

import java.util.Map;

import org.mfaportal.web.Problem;

/** The profile name for a {@code ~/.aws/credentials} block is empty, too long or has a character outside {@code A-Z a-z 0-9 - _ .}. */
public final class InvalidProfileName extends Problem {

    private static final String MESSAGE =
            "A profile name must be 1 to 64 characters long and use only letters, digits, '-', '_' and '.'.";

    InvalidProfileName() {
        super(400, "invalid-input", "Some input is not valid", MESSAGE, "Correct the field and try again.");
    }

    @Override
    public Map<String, String> fieldErrors() {
        return Map.of("profileName", MESSAGE);
    }
}
