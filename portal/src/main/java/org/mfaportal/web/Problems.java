package org.mfaportal.web;

import java.time.Duration;
import java.util.Map;

/** The portal's own problems that belong to no single feature. */
public final class Problems {

    private Problems() {
    }

    /** Input failed validation; nothing was done. */
    public static final class InvalidInput extends PortalProblem {
        private final Map<String, String> errors;

        public InvalidInput(Map<String, String> errors) {
            super(400, "invalid-input", "Some input is not valid", "Please correct the fields marked below.",
                    "Fix the marked fields and submit again.");
            this.errors = Map.copyOf(errors);
        }

        @Override
        public Map<String, String> fieldErrors() {
            return errors;
        }
    }

    /** The person may not do this. */
    public static final class NotAllowed extends PortalProblem {
        public NotAllowed(String detail) {
            super(403, "not-allowed", "Not allowed", detail, "Ask a portal admin if you think you should be able to.");
        }
    }

    /** A generic "AWS is slow or down" with the time to wait. */
    public static final class AwsTemporarilyUnavailable extends PortalProblem {
        private final Duration retryAfter;

        public AwsTemporarilyUnavailable(String code, String detail, Duration retryAfter) {
            super(503, code, "AWS is not answering right now", detail,
                    "Nothing was changed. Wait a moment and try again.");
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
