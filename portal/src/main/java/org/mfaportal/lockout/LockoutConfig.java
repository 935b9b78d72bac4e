package org.mfaportal.lockout;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The temporary lockout after repeated wrong MFA codes. */
@ConfigMapping(prefix = "portal.lockout")
public interface LockoutConfig {

    /** Wrong codes within {@link #window()} that lock a user out. */
    @WithDefault("5")
    @Min(1)
    int maxFailures();

    /** The period over which wrong codes are counted. */
    @WithDefault("15m")
    Duration window();

    /** How long a lockout lasts, counted from the wrong code that triggered it. */
    @WithDefault("15m")
    Duration duration();

    /**
     * How long a code attempt still in progress holds its place in the count. An attempt that a crashed replica
     * never finished stops counting after this; it must exceed the longest code-carrying call (an issuance waits
     * for IAM to accept a new key first).
     */
    @WithDefault("5m")
    Duration attemptTimeout();
}
