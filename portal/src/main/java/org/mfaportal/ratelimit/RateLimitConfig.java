package org.mfaportal.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-person limits on the API calls that make AWS create things, counted in the database for every replica. */
@ConfigMapping(prefix = "portal.rate-limit")
public interface RateLimitConfig {

    /** The sliding window over which calls are counted. */
    @WithDefault("10m")
    Duration window();

    /** Credential issuances ({@code POST /api/v1/credentials}) a person may make within {@link #window()}. */
    @WithDefault("30")
    int credentials();

    /** Enrollments started ({@code POST /api/v1/mfa/enrollment}) a person may make within {@link #window()}. */
    @WithDefault("10")
    int enrollment();
}
