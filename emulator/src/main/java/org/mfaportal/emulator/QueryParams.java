package org.mfaportal.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of one AWS Query request ({@code Action=...&Version=...&Name=value}) with the checks AWS applies
 * to them. Validation messages follow AWS's "1 validation error detected" wording but never echo a value marked
 * secret (MFA codes).
 */
final class QueryParams {

    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]+/)");
    static final Pattern DIGITS = Pattern.compile("\\d+");
    static final Pattern SERIAL = Pattern.compile("[\\w+=/:,.@-]+");
    static final Pattern MARKER = Pattern.compile("[\\u0020-\\u00FF]+");

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Parses one or more {@code application/x-www-form-urlencoded} strings (query string, then body). */
    static QueryParams parse(String... forms) {
        Map<String, String> values = new HashMap<>();
        for (String form : forms) {
            if (form == null || form.isEmpty()) {
                continue;
            }
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.put(key, value);
            }
        }
        return new QueryParams(values);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsError.sender("MalformedQueryString", 400, "The query string is malformed.");
        }
    }

    String raw(String name) {
        return values.get(name);
    }

    String action() {
        return values.get("Action");
    }

    String version() {
        return values.get("Version");
    }

    /** A string that must be present and match the pattern and length bounds. */
    String required(String name, int min, int max, Pattern pattern) {
        String value = values.get(name);
        if (value == null) {
            throw AwsError.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return check(name, value, min, max, pattern, false);
    }

    /** Like {@link #required} but the value is secret (an MFA code): never echoed in a message. */
    String requiredSecret(String name, int min, int max, Pattern pattern) {
        String value = values.get(name);
        if (value == null) {
            throw AwsError.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return check(name, value, min, max, pattern, true);
    }

    /** An optional string, checked when present. */
    String optional(String name, int min, int max, Pattern pattern) {
        String value = values.get(name);
        return value == null ? null : check(name, value, min, max, pattern, false);
    }

    /** An optional secret string, checked when present, never echoed. */
    String optionalSecret(String name, int min, int max, Pattern pattern) {
        String value = values.get(name);
        return value == null ? null : check(name, value, min, max, pattern, true);
    }

    /** An optional integer with inclusive bounds; {@code defaultValue} when absent. */
    int integer(String name, int min, int max, int defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw AwsError.validation("1 validation error detected: Value '" + value + "' at '"
                    + member(name) + "' failed to satisfy constraint: Member must be a number");
        }
        if (parsed < min) {
            throw AwsError.validation("1 validation error detected: Value '" + parsed + "' at '" + member(name)
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        }
        if (parsed > max) {
            throw AwsError.validation("1 validation error detected: Value '" + parsed + "' at '" + member(name)
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return (int) parsed;
    }

    /** {@code Tags.member.N.Key/Value} in order of N. */
    List<Map.Entry<String, String>> tags() {
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        for (int i = 1; values.containsKey("Tags.member." + i + ".Key"); i++) {
            String key = values.get("Tags.member." + i + ".Key");
            String value = values.getOrDefault("Tags.member." + i + ".Value", "");
            if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
                throw AwsError.validation("1 validation error detected: Value at 'tags." + i
                        + "' failed to satisfy constraint: Member must have length between 1 and 128 (key) and at most "
                        + "256 (value)");
            }
            tags.add(Map.entry(key, value));
        }
        if (tags.size() > 50) {
            throw AwsError.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 50");
        }
        return tags;
    }

    private static String check(String name, String value, int min, int max, Pattern pattern, boolean secret) {
        String shown = secret ? "" : " '" + value + "'";
        if (value.length() < min) {
            throw AwsError.validation("1 validation error detected: Value" + shown + " at '" + member(name)
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw AwsError.validation("1 validation error detected: Value" + shown + " at '" + member(name)
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            throw AwsError.validation("1 validation error detected: Value" + shown + " at '" + member(name)
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + pattern.pattern());
        }
        return value;
    }

    /** AWS names members in messages in lower camel case: {@code UserName} becomes {@code userName}. */
    private static String member(String name) {
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }
}
