package org.mfaportal.ratelimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/**
 * A sliding-window limit per person and action, kept in the database so that it holds across replicas. Two
 * replicas admitting the last allowed call at the same instant may let one extra through: the limit protects AWS
 * and the audit trail from runaway scripts, it is not an exact quota.
 */
@ApplicationScoped
public class RateLimiter {

    /** What is limited, each with its own budget. */
    public enum Action {
        CREDENTIALS, ENROLLMENT
    }

    private final DataSource dataSource;
    private final RateLimitConfig config;
    private final Clock clock;

    RateLimiter(DataSource dataSource, RateLimitConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Counts one call of {@code userName} to {@code action}.
     *
     * @throws RateLimited when the person has used up the action's budget for the window (the call is not counted)
     */
    public void acquire(String userName, Action action) {
        Instant now = Instant.now(clock);
        Instant since = now.minus(config.window());
        int limit = limit(action);
        String sql = "SELECT COUNT(*), MIN(requested_at) FROM request_rate WHERE user_name = ? AND action = ?"
                + " AND requested_at > ?";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, userName);
                ps.setString(2, action.name());
                ps.setTimestamp(3, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= limit) {
                        Instant oldest = rs.getTimestamp(2).toInstant();
                        long seconds = (long) Math.ceil(Duration.between(now, oldest.plus(config.window())).toMillis()
                                / 1000.0);
                        throw new RateLimited(Duration.ofSeconds(Math.max(1, seconds)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO request_rate (user_name, action, requested_at) VALUES (?, ?, ?)")) {
                ps.setString(1, userName);
                ps.setString(2, action.name());
                ps.setTimestamp(3, Timestamp.from(now));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the rate limit", e);
        }
    }

    /** The budget of {@code action} per window. */
    public int limit(Action action) {
        return action == Action.CREDENTIALS ? config.credentials() : config.enrollment();
    }

    /** Drops calls too old to count. */
    @Scheduled(every = "10m", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM request_rate WHERE requested_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now(clock).minus(config.window())));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge old rate-limit entries", e);
        }
    }
}
