package org.mfaportal.identity;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Reads claims by name or by a slash-separated path ({@code realm_access/roles}). */
final class Claims {

    private Claims() {
    }

    /** All string values of the claim at {@code path}: one for a string, each element for an array. */
    static List<String> values(JsonWebToken token, String path) {
        String[] parts = path.split("/");
        Object value = token.getClaim(parts[0]);
        for (int i = 1; i < parts.length && value != null; i++) {
            value = value instanceof JsonObject object ? object.get(parts[i]) : null;
        }
        return flatten(value);
    }

    /** The single string value of the claim at {@code path}, or {@code null}. */
    static String value(JsonWebToken token, String path) {
        List<String> values = values(token, path);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> flatten(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof String s) {
            result.add(s);
        } else if (value instanceof JsonString s) {
            result.add(s.getString());
        } else if (value instanceof JsonArray array) {
            for (JsonValue element : array) {
                if (element instanceof JsonString s) {
                    result.add(s.getString());
                }
            }
        } else if (value instanceof Iterable<?> iterable) {
            for (Object element : iterable) {
                result.addAll(flatten(element));
            }
        }
        return result;
    }
}
