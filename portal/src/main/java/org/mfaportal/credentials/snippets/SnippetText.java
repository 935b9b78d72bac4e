package org.mfaportal.credentials.snippets;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Wording and timestamp layout shared by every format, so that all of them state the same expiry. */
final class SnippetText {

    private SnippetText() {
    }

    /**
     * ISO-8601 in UTC to the second, for example {@code 2025-03-01T12:00:00Z}, as AWS writes it. Any fraction
     * is cut off, so the stated expiry is never later than the real one.
     */
    static String iso8601(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** One line for a comment at the top of a snippet. Plain ASCII, no quote or shell metacharacter. */
    static String expiryNote(Instant expiration) {
        return "AWS session credentials from MFA Portal, valid until " + iso8601(expiration) + " (UTC)";
    }
}
