package org.mfaportal.credentials.snippets;

import java.util.Map;

import org.mfaportal.web.Problem;

/** The region is not shaped like an AWS region name such as {@code eu-central-1}. */
public final class InvalidRegion extends Problem {

    private static final String MESSAGE =
            "A region must look like 'eu-central-1': lowercase letters, digits and '-', at most 32 characters.";

    InvalidRegion() {
        super(400, "invalid-input", "Some input is not valid", MESSAGE, "Correct the field and try again.");
    }

    @Override
    public Map<String, String> fieldErrors() {
        return Map.of("region", MESSAGE);
    }
}
