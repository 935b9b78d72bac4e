package org.mfaportal.emulator;

/**
 * Who signed a request: the portal's built-in admin principal, an IAM user with a long-term key, or temporary
 * credentials (from GetSessionToken or AssumeRole).
 */
record Caller(Kind kind, EmulatorState.User user, EmulatorState.Session session) {

    /** Role and session name of the built-in admin principal. */
    static final String PORTAL_ROLE = "mfa-portal";
    static final String PORTAL_SESSION = "emulator";
    static final String PORTAL_ROLE_ID = "AROAEMULATORPORTAL001";

    enum Kind {
        PORTAL, USER_KEY, USER_SESSION, ROLE_SESSION
    }

    static Caller portal() {
        return new Caller(Kind.PORTAL, null, null);
    }

    String arn(String accountId) {
        return switch (kind) {
            case PORTAL -> "arn:aws:sts::" + accountId + ":assumed-role/" + PORTAL_ROLE + "/" + PORTAL_SESSION;
            case USER_KEY, USER_SESSION -> user.arn;
            case ROLE_SESSION -> session.assumedRoleArn(accountId);
        };
    }

    String userId() {
        return switch (kind) {
            case PORTAL -> PORTAL_ROLE_ID + ":" + PORTAL_SESSION;
            case USER_KEY, USER_SESSION -> user.id;
            case ROLE_SESSION -> session.role().roleId() + ":" + session.roleSessionName();
        };
    }
}
