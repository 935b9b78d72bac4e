package org.mfaportal.web;

import java.util.Map;

/**
 * Strict yes/no input: exactly {@code true} or {@code false}. Anything else ({@code maybe}, {@code 1}, {@code on},
 * {@code TRUE }) is a 400 naming the field, never silently {@code false}. A missing value takes the default, which
 * for a destructive choice is the safe side.
 */
public final class Booleans {

    private Booleans() {
    }

    /**
     * @param field        the parameter's name, for the error message
     * @param value        what was sent, or {@code null}
     * @param defaultValue what a missing (or empty) value means
     * @throws InvalidInput unless the value is missing, {@code true} or {@code false}
     */
    public static boolean parse(String field, String value, boolean defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInput(Map.of(field, "Must be true or false."));
        };
    }
}
