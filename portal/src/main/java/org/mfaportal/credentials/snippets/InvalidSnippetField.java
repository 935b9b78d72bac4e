package org.mfaportal.credentials.snippets;

import java.util.Map;

import org.mfaportal.web.Problem;

/** A value given for a snippet (its format, profile name or region) that cannot be used: named on its field. */
abstract class InvalidSnippetField extends Problem {

    private final String field;

    InvalidSnippetField(String field, String message) {
        super(400, "invalid-input", "Some input is not valid", message, "Correct the field and try again.");
        this.field = field;
    }

    @Override
    public Map<String, String> fieldErrors() {
        return Map.of(field, getMessage());
    }
}
