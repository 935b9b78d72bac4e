package org.mfaportal.admin;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for the tests: quoted fields may hold commas, doubled quotes and line breaks. */
final class Csv {

    private Csv() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || afterQuote) {
                    throw new IllegalArgumentException("quote inside an unquoted field at " + i);
                }
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("bare line break outside quotes at " + i);
            } else {
                if (afterQuote) {
                    throw new IllegalArgumentException("text after a closing quote at " + i);
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field");
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
