package org.mfaportal.audit;

import java.time.Instant;

/**
 * Which audit events to read; every part is optional ({@code null} matches anything).
 *
 * @param user    an actor or a target user, matched exactly
 * @param action  the action
 * @param outcome the outcome
 * @param from    events at or after this instant
 * @param to      events before this instant
 */
public record AuditFilter(String user, AuditAction action, AuditOutcome outcome, Instant from, Instant to) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);

    public static AuditFilter forUser(String user) {
        return new AuditFilter(user, null, null, null, null);
    }
}
