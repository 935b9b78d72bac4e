package org.mfaportal.coderequests;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Codes typed in the browser for a command-line helper that has no terminal. */
@ConfigMapping(prefix = "portal.code-requests")
public interface CodeRequestsConfig {

    /** How long a code request waits for the engineer's code (and the credentials for the helper) before it expires. */
    @WithDefault("5M")
    Duration ttl();

    /** How many unanswered code requests one person may have at once; more answer 429. */
    @WithDefault("5")
    @Min(1)
    @Max(100)
    int maxPending();

    /** Seconds the helper waits between two polls. */
    @WithDefault("2")
    @Min(1)
    @Max(30)
    int pollIntervalSeconds();
}
