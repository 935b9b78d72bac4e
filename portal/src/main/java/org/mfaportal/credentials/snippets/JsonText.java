package org.mfaportal.credentials.snippets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON writing for the {@code process} and {@code json} formats. A private mapper rather than the application's:
 * these documents are a contract with other programs, and a global Jackson setting must not change them.
 * Non-ASCII characters are written as {@code \\uXXXX}, so the output is pure ASCII and survives any
 * character-set mix-up on the way to the file or the CLI.
 */
final class JsonText {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private JsonText() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** One line, then a newline. */
    static String compact(ObjectNode node) {
        return write(node, false);
    }

    /** Indented by two spaces, then a newline. */
    static String pretty(ObjectNode node) {
        return write(node, true);
    }

    private static String write(ObjectNode node, boolean pretty) {
        try {
            return (pretty ? MAPPER.writer(PRETTY) : MAPPER.writer()).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            // Writing a tree of strings and numbers to a String cannot fail. The cause is dropped on purpose:
            // Jackson messages may quote the content, which is secret.
            throw new IllegalStateException("Could not write credentials as JSON");
        }
    }
}
