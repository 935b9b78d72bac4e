package org.mfaportal.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** It happened. */
    SUCCESS,
    /** The person's input was refused (wrong code, conflict, not allowed); nothing changed. */
    REJECTED,
    /** The person is locked out after too many wrong codes; nothing was tried. */
    LOCKED_OUT,
    /** AWS or the portal failed; nothing changed, the person may retry. */
    FAILED
}
