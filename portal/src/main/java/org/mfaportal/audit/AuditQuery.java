package org.mfaportal.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the audit trail for admins: filtered, newest first, paged by id (keyset paging, so a page is as fast
 * at the end of the trail as at its start, and rows written meanwhile never shift a page). Plain JDBC, SQL
 * that runs on PostgreSQL and on H2 in PostgreSQL mode.
 */
@ApplicationScoped
public class AuditQuery {

    private static final String COLUMNS = "id, occurred_at, actor, actor_admin, target_user, action, outcome, detail,"
            + " reason, client_ip, user_agent, request_id";
    /** Rows per round trip when streaming a whole export. */
    private static final int EXPORT_BATCH = 1000;

    private final DataSource dataSource;

    AuditQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One page of events matching {@code filter}, newest first.
     *
     * @param before only events with an id below this ({@link AuditPage#nextBefore()} of the previous page), or
     *               {@code null} for the newest
     * @param limit  page size, at least 1
     */
    public AuditPage page(AuditFilter filter, Long before, int limit) {
        List<AuditEvent> events = select(filter, before, limit + 1);
        if (events.size() > limit) {
            List<AuditEvent> page = List.copyOf(events.subList(0, limit));
            return new AuditPage(page, page.get(limit - 1).id());
        }
        return new AuditPage(events, null);
    }

    /** Every event matching {@code filter}, newest first, handed over in batches so exports need little memory. */
    public void forEach(AuditFilter filter, Consumer<AuditEvent> consumer) {
        Long before = null;
        while (true) {
            List<AuditEvent> batch = select(filter, before, EXPORT_BATCH);
            batch.forEach(consumer);
            if (batch.size() < EXPORT_BATCH) {
                return;
            }
            before = batch.get(batch.size() - 1).id();
        }
    }

    private List<AuditEvent> select(AuditFilter filter, Long before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.user() != null) {
            sql.append(" AND (actor = ? OR target_user = ?)");
            args.add(filter.user());
            args.add(filter.user());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            args.add(filter.action().name());
        }
        if (filter.outcome() != null) {
            sql.append(" AND outcome = ?");
            args.add(filter.outcome().name());
        }
        if (filter.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof Timestamp t) {
                    ps.setTimestamp(i + 1, t);
                } else if (arg instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (arg instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) arg);
                }
            }
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(read(rs));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new AuditUnavailable(e);
        }
    }

    private static AuditEvent read(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                rs.getBoolean("actor_admin"), rs.getString("target_user"), AuditAction.valueOf(rs.getString("action")),
                AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("detail"), rs.getString("reason"),
                rs.getString("client_ip"), rs.getString("user_agent"), rs.getString("request_id"));
    }
}
