package org.mfaportal.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's notion of "now": a base clock plus an offset that tests and the control endpoint can advance,
 * so a fresh TOTP step or an expired session is one call away instead of a sleep.
 */
public final class EmulatorClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    public EmulatorClock(Clock base) {
        this(base, new AtomicReference<>(Duration.ZERO));
    }

    private EmulatorClock(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    /** Moves the clock forward (or backward, for a negative duration). */
    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Drops every advance made so far. */
    public void resetOffset() {
        offset.set(Duration.ZERO);
    }

    /** How far the clock has been advanced beyond its base. */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // the emulator works in UTC only; sharing the offset keeps every view in step
        return this;
    }
}
