package org.mfaportal.audit;

import java.time.Duration;

import org.mfaportal.web.Problem;

/** The audit trail could not be written; the action is reported as failed. */
public final class AuditUnavailable extends Problem {

    public AuditUnavailable(Throwable cause) {
        super("The audit trail could not be written", cause, 503, "audit-unavailable",
                "The portal cannot record actions right now",
                "The audit trail could not be written, so the portal does not report the action as done.",
                "Try again in a minute; if it persists, tell the portal's operators.");
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(30);
    }
}
