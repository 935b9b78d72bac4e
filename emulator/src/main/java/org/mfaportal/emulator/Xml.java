package org.mfaportal.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A minimal streaming XML writer for AWS Query responses: elements, escaped text, nothing else. */
final class Xml {

    private final StringBuilder out = new StringBuilder(256);

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml open(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"").append(escape(xmlns)).append("\">");
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>value</name>}, or nothing when the value is {@code null}. */
    Xml leaf(String name, Object value) {
        if (value != null) {
            String text = value instanceof Instant instant ? timestamp(instant) : value.toString();
            out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        }
        return this;
    }

    /** Appends an already rendered fragment. */
    Xml raw(String fragment) {
        out.append(fragment);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** ISO-8601 UTC with seconds, the form IAM and STS use. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (replacement != null && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (replacement != null) {
                    sb.append(replacement);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }
}
