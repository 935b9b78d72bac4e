package org.mfaportal.credentials.snippets;

import java.util.function.IntPredicate;

/**
 * Refusing values a format cannot carry. Each format states its own forbidden characters; this class only
 * scans and raises {@link UnrepresentableCredentialValue}, so the message never includes the value.
 */
final class ValueRules {

    /** Environment variables are C strings: a NUL would cut the value short in every shell. */
    static final IntPredicate NUL = c -> c == 0;
    static final IntPredicate LINE_BREAK = c -> c == '\n' || c == '\r';
    static final IntPredicate CONTROL = Character::isISOControl;

    private ValueRules() {
    }

    /**
     * @param problem what is wrong, completing "because it contains ...", for example {@code "a line break"}
     * @throws UnrepresentableCredentialValue if any code point of {@code value} matches {@code forbidden}
     */
    static void refuse(CredentialFormat format, String field, String value, IntPredicate forbidden, String problem) {
        if (value.codePoints().anyMatch(forbidden)) {
            throw new UnrepresentableCredentialValue(format, field, problem);
        }
    }
}
