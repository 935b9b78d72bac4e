package org.mfaportal.credentials;

import org.mfaportal.web.Problem;

/** What can go wrong when asking for credentials. */
public final class CredentialsProblems {

    private CredentialsProblems() {
    }

    /** The role is not one the person may assume (or does not exist: the two look the same). */
    public static final class RoleNotFound extends Problem {
        public RoleNotFound() {
            super(404, "role-not-found", "No such role for you",
                    "You may not assume that role, or it does not exist.", "Pick one of the roles offered to you.");
        }
    }

    /** The duration is outside what AWS and the portal allow. */
    public static final class DurationOutOfRange extends Problem {
        private final java.util.Map<String, String> errors;

        public DurationOutOfRange(int min, int max) {
            super(400, "invalid-input", "Session length not allowed",
                    "The session length must be between " + min / 60 + " minutes and " + max / 3600.0 + " hours.",
                    "Choose a shorter or longer session.");
            this.errors = java.util.Map.of("durationSeconds",
                    "Between " + min + " and " + max + " seconds.");
        }

        @Override
        public java.util.Map<String, String> fieldErrors() {
            return errors;
        }
    }
}
