package org.mfaportal.audit;

/** Everything the audit trail records. */
public enum AuditAction {
    MFA_ENROLLMENT_STARTED,
    MFA_ACTIVATED,
    MFA_RESYNCED,
    MFA_REMOVED,
    CREDENTIALS_ISSUED,
    SESSIONS_REVOKED,
    ADMIN_MFA_DEACTIVATED,
    ADMIN_ORPHAN_DELETED,
    ADMIN_SESSIONS_REVOKED,
    ACCESS_KEY_SWEPT,
    SIGN_IN_REFUSED
}
