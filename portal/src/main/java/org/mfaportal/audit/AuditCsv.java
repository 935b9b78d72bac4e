package org.mfaportal.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Audit events as CSV (RFC 4180): a header line, one record per event, CRLF line ends, fields quoted when they
 * hold a comma, a quote or a line break, quotes doubled. A text field that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, tab or CR) gets a leading apostrophe: reasons and user agents come from people.
 */
public final class AuditCsv {

    public static final String MEDIA_TYPE = "text/csv";
    static final String[] HEADER = { "id", "occurred_at", "actor", "actor_admin", "target_user", "action", "outcome",
            "detail", "reason", "client_ip", "user_agent", "request_id" };

    private final Writer out;

    public AuditCsv(Writer out) {
        this.out = out;
    }

    public void header() {
        line(HEADER);
    }

    public void write(AuditEvent e) {
        line(new String[] { String.valueOf(e.id()), String.valueOf(e.occurredAt()), text(e.actor()),
                String.valueOf(e.actorAdmin()), text(e.targetUser()), e.action().name(), e.outcome().name(),
                text(e.detail()), text(e.reason()), text(e.clientIp()), text(e.userAgent()), text(e.requestId()) });
    }

    private void line(String[] fields) {
        try {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(fields[i]));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field as CSV: quoted if needed. */
    static String quote(String field) {
        if (field == null || field.isEmpty()) {
            return "";
        }
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** Neutralises spreadsheet formulas in free text. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
