package org.mfaportal.audit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long the audit trail is kept. */
@ConfigMapping(prefix = "portal.audit")
public interface AuditConfig {

    /**
     * Events older than this are deleted by a daily job (the only delete the portal does on the audit trail).
     * Export the trail before if you must keep it longer; every event is also logged as one structured line.
     */
    @WithDefault("400d")
    Duration retention();
}
