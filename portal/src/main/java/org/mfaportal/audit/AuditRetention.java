package org.mfaportal.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Deletes audit events older than {@code portal.audit.retention}, whole days at a time. The only delete the
 * portal ever does on the audit trail; every replica runs it, which is harmless (the delete is idempotent).
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final DataSource dataSource;
    private final AuditConfig config;
    private final Clock clock;

    AuditRetention(DataSource dataSource, AuditConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "6h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /**
     * Deletes the events that occurred before the start of the day {@code retention} ago.
     *
     * @return how many events were deleted
     */
    public int purge() {
        Instant cutoff = Instant.now(clock).minus(config.retention()).truncatedTo(ChronoUnit.DAYS);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM audit_event WHERE occurred_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            int deleted = ps.executeUpdate();
            if (deleted > 0) {
                LOG.infof("Audit retention: deleted %d events that occurred before %s", deleted, cutoff);
            }
            return deleted;
        } catch (SQLException e) {
            throw new AuditUnavailable(e);
        }
    }
}
