package org.mfaportal.lockout;

import java.time.Duration;
import java.time.Instant;

/** Too many wrong codes: the person must wait until {@link #until()} before trying again. */
public final class LockedOut extends RuntimeException {

    private final Instant until;
    private final Duration retryAfter;

    public LockedOut(Instant until, Duration retryAfter) {
        super("Too many wrong MFA codes; locked until " + until, null, false, false);
        this.until = until;
        this.retryAfter = retryAfter;
    }

    public Instant until() {
        return until;
    }

    /** Time left, rounded up to whole seconds (at least one). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
