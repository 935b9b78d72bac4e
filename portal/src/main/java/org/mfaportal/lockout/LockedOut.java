package org.mfaportal.lockout;

import java.time.Duration;
import java.time.Instant;

import org.mfaportal.web.Problem;

/** Too many wrong codes: the person must wait until {@link #until()} before trying again. */
public final class LockedOut extends Problem {

    private final Instant until;
    private final Duration retryAfter;

    public LockedOut(Instant until, Duration retryAfter) {
        super("Too many wrong MFA codes; locked until " + until, null, 423, "locked-out", "Too many wrong codes",
                "You entered too many wrong MFA codes, so code entry is paused for your account.",
                "Try again in " + minutes(retryAfter) + (minutes(retryAfter) == 1 ? " minute." : " minutes.")
                        + " If your codes keep failing, resync your device or ask an admin.");
        this.until = until;
        this.retryAfter = retryAfter;
    }

    public Instant until() {
        return until;
    }

    /** Time left, rounded up to whole seconds (at least one). */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    private static long minutes(Duration retryAfter) {
        return Math.max(1, (retryAfter.toSeconds() + 59) / 60);
    }
}
