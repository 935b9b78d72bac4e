package org.mfaportal.admin;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The admin console. */
@ConfigMapping(prefix = "portal.admin")
public interface AdminConfig {

    /**
     * An unassigned device whose enrollment started longer ago than this counts as orphaned (the engineer gave up;
     * its seed is gone). An unassigned device the portal has no enrollment record of is orphaned at any age.
     */
    @WithDefault("24h")
    Duration orphanAge();

    /**
     * Whether admins may deactivate their own device through the admin console. Off by default: an admin who lost
     * their phone asks another admin, so no single person can silently strip MFA from an admin account.
     */
    @WithDefault("false")
    boolean allowSelf();

    /** Rows per page on the admin pages and in the admin API's paged listings. */
    @WithDefault("50")
    @Min(1)
    @Max(500)
    int pageSize();
}
