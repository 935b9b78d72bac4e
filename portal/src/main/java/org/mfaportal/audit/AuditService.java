package org.mfaportal.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.web.RequestInfo;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes the audit trail: one row per event in the database and one structured log line. A failure to
 * write the row fails the request: an action that cannot be audited is not reported as done.
 */
@ApplicationScoped
public class AuditService {

    private static final Logger AUDIT_LOG = Logger.getLogger("mfa-portal.audit");

    private final DataSource dataSource;
    private final Instance<CurrentVertxRequest> request;
    private final Clock clock;

    AuditService(DataSource dataSource, Instance<CurrentVertxRequest> request, Clock clock) {
        this.dataSource = dataSource;
        this.request = request;
        this.clock = clock;
    }

    /** Records an action of the signed-in person on {@code targetUser}. */
    public AuditEvent record(CurrentUser actor, String targetUser, AuditAction action, AuditOutcome outcome,
            String detail, String reason) {
        return record(actor.signInName(), actor.isAdmin(), targetUser, action, outcome, detail, reason);
    }

    /** Records an action of {@code actor} (a person's sign-in name, or "system" for scheduled jobs). */
    public AuditEvent record(String actor, boolean actorAdmin, String targetUser, AuditAction action,
            AuditOutcome outcome, String detail, String reason) {
        RoutingContext rc = currentRequest();
        AuditEvent event = new AuditEvent(null, Instant.now(clock), actor, actorAdmin, targetUser, action, outcome,
                truncate(detail, 1024), truncate(reason, 1024), RequestInfo.clientIp(rc), RequestInfo.userAgent(rc),
                RequestInfo.requestId(rc));
        AuditEvent stored = insert(event);
        log(stored);
        return stored;
    }

    private AuditEvent insert(AuditEvent e) {
        String sql = "INSERT INTO audit_event (occurred_at, actor, actor_admin, target_user, action, outcome, detail,"
                + " reason, client_ip, user_agent, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql, new String[] { "id" })) {
            ps.setTimestamp(1, Timestamp.from(e.occurredAt()));
            ps.setString(2, e.actor());
            ps.setBoolean(3, e.actorAdmin());
            setNullable(ps, 4, e.targetUser());
            ps.setString(5, e.action().name());
            ps.setString(6, e.outcome().name());
            setNullable(ps, 7, e.detail());
            setNullable(ps, 8, e.reason());
            setNullable(ps, 9, e.clientIp());
            setNullable(ps, 10, e.userAgent());
            setNullable(ps, 11, e.requestId());
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                Long id = keys.next() ? keys.getLong(1) : null;
                return new AuditEvent(id, e.occurredAt(), e.actor(), e.actorAdmin(), e.targetUser(), e.action(),
                        e.outcome(), e.detail(), e.reason(), e.clientIp(), e.userAgent(), e.requestId());
            }
        } catch (SQLException ex) {
            throw new AuditUnavailable(ex);
        }
    }

    private static void log(AuditEvent e) {
        MDC.put("audit.actor", e.actor());
        MDC.put("audit.target", String.valueOf(e.targetUser()));
        MDC.put("audit.action", e.action().name());
        MDC.put("audit.outcome", e.outcome().name());
        MDC.put("audit.requestId", String.valueOf(e.requestId()));
        try {
            AUDIT_LOG.infof("audit id=%d actor=%s target=%s action=%s outcome=%s detail=%s reason=%s ip=%s",
                    e.id(), e.actor(), e.targetUser(), e.action(), e.outcome(), e.detail(), e.reason(), e.clientIp());
        } finally {
            MDC.remove("audit.actor");
            MDC.remove("audit.target");
            MDC.remove("audit.action");
            MDC.remove("audit.outcome");
            MDC.remove("audit.requestId");
        }
    }

    /** The HTTP request being served, or {@code null} for scheduled jobs and other work outside a request. */
    private RoutingContext currentRequest() {
        return Arc.container().requestContext().isActive() ? request.get().getCurrent() : null;
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
