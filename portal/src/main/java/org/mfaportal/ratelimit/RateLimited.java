package org.mfaportal.ratelimit;

import java.time.Duration;

import org.mfaportal.web.Problem;

/** The person called a rate-limited endpoint too often; they may try again after {@link #retryAfter()}. */
public final class RateLimited extends Problem {

    private final Duration retryAfter;

    public RateLimited(Duration retryAfter) {
        super(429, "rate-limited", "Too many requests", "You asked for this too often in a short time.",
                "Wait " + retryAfter.toSeconds() + " seconds and try again.");
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
