package org.mfaportal.audit;

/** The audit trail could not be written; the action is reported as failed. */
public final class AuditUnavailable extends RuntimeException {

    public AuditUnavailable(Throwable cause) {
        super("The audit trail could not be written", cause);
    }
}
