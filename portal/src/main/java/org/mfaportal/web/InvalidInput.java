package org.mfaportal.web;

import java.util.Map;

/** Input failed the portal's checks at the edge; nothing was done. Names every field to correct. */
public final class InvalidInput extends Problem {

    private final Map<String, String> errors;

    public InvalidInput(Map<String, String> errors) {
        super(400, "invalid-input", "Some input is not valid", "Please correct the fields marked below.",
                "Fix the marked fields and submit again.");
        this.errors = Map.copyOf(errors);
    }

    @Override
    public Map<String, String> fieldErrors() {
        return errors;
    }
}
