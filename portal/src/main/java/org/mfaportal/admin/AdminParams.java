package org.mfaportal.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditFilter;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.web.InvalidInput;

/** Query parameters of the admin pages and API, checked at the edge; bad ones answer 400 with field errors. */
final class AdminParams {

    /** What a user-name search may contain: IAM's user name characters. */
    private static final Pattern USER_SEARCH = Pattern.compile("[\\w+=,.@-]{1,64}");

    private AdminParams() {
    }

    /** {@code status} and {@code user} of the devices overview. */
    static DeviceQuery deviceQuery(String status, String user) {
        return deviceQuery(status, user, null);
    }

    /** {@code status}, {@code user} and {@code backup} ({@code none}: no backup device) of the devices overview. */
    static DeviceQuery deviceQuery(String status, String user, String backup) {
        Map<String, String> errors = new LinkedHashMap<>();
        DeviceStatus parsedStatus = parse(DeviceStatus.class, status, "status", errors);
        String prefix = userSearch(user, "user", errors);
        boolean withoutBackup = withoutBackup(backup, errors);
        failOn(errors);
        return new DeviceQuery(parsedStatus, prefix, withoutBackup);
    }

    /** {@code backup=none}: only users without a backup device; blank: no such filter. */
    static boolean withoutBackup(String backup) {
        Map<String, String> errors = new LinkedHashMap<>();
        boolean withoutBackup = withoutBackup(backup, errors);
        failOn(errors);
        return withoutBackup;
    }

    private static boolean withoutBackup(String backup, Map<String, String> errors) {
        if (backup == null || backup.isBlank()) {
            return false;
        }
        if (!backup.equals("none")) { // exactly the document's value (decision 0014)
            errors.put("backup", "Unknown value: leave it out, or give none (users without a backup device).");
            return false;
        }
        return true;
    }

    /** A user-name search, or {@code null} for none. */
    static String userSearch(String user) {
        Map<String, String> errors = new LinkedHashMap<>();
        String prefix = userSearch(user, "user", errors);
        failOn(errors);
        return prefix;
    }

    /** The audit trail's filters. Times are ISO-8601 instants, or local date-times and dates read as UTC. */
    static AuditFilter auditFilter(String user, String action, String outcome, String from, String to) {
        Map<String, String> errors = new LinkedHashMap<>();
        String who = userSearch(user, "user", errors);
        AuditAction parsedAction = parse(AuditAction.class, action, "action", errors);
        AuditOutcome parsedOutcome = parse(AuditOutcome.class, outcome, "outcome", errors);
        Instant fromTime = time(from, "from", errors);
        Instant toTime = time(to, "to", errors);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            errors.put("to", "The end must be after the start.");
        }
        failOn(errors);
        return new AuditFilter(who, parsedAction, parsedOutcome, fromTime, toTime);
    }

    private static String userSearch(String user, String field, Map<String, String> errors) {
        if (user == null || user.isBlank()) {
            return null;
        }
        String trimmed = user.strip();
        if (!USER_SEARCH.matcher(trimmed).matches()) {
            errors.put(field, "Use up to 64 letters, digits and + = , . @ _ -");
            return null;
        }
        return trimmed;
    }

    /** One of the enum's names, exactly as the OpenAPI document lists them (decision 0014); blank for none. */
    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        errors.put(field, "Unknown value: choose one from the list (upper case, as listed).");
        return null;
    }

    private static Instant time(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notALocalTime) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADate) {
                    errors.put(field, "Use a date and time such as 2026-01-31T14:30 (UTC).");
                    return null;
                }
            }
        }
    }

    private static void failOn(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }
}
