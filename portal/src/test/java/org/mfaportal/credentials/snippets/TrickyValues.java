package org.mfaportal.credentials.snippets;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;

/**
 * Values with every character that some format treats specially. Real AWS keys and tokens use only
 * {@code A-Z a-z 0-9 + / =}, but the snippets must not depend on that.
 */
final class TrickyValues {

    static final List<Named<String>> ALL = List.of(
            Named.of("single quote", "it's"),
            Named.of("only a single quote", "'"),
            Named.of("double quote", "say \"hi\""),
            Named.of("backslash", "back\\slash\\\\ \\' \\n end\\"),
            Named.of("dollar", "$HOME ${PATH} $(id) $1 $"),
            Named.of("backtick", "`id` `n"),
            Named.of("exclamation mark", "!! !$ !-1 !"),
            Named.of("percent", "%PATH% 100%"),
            Named.of("caret", "^a^^"),
            Named.of("ampersand, pipe and redirections", "a&b|c<d>e&&f||g>(h)"),
            Named.of("spaces", "  two  spaces  "),
            Named.of("hash", "#not a comment"),
            Named.of("semicolon", "a;b ;c"),
            Named.of("glob and braces", "* ? [a] {x,y} ~"),
            Named.of("unicode", "é 日本 🔑"),
            Named.of("typographic quotes", "‘curly’ ‚low‛"),
            Named.of("leading dash", "-n"),
            Named.of("double leading dash", "--erase"),
            Named.of("line breaks", "line1\nline2\r\n\n"),
            Named.of("control characters", "tab\there esc\u001b[0m bell\u0007"));

    private TrickyValues() {
    }

    static Stream<Named<String>> all() {
        return ALL.stream();
    }

    static Stream<Named<String>> where(Predicate<String> accepted) {
        return ALL.stream().filter(named -> accepted.test(named.getPayload()));
    }
}
