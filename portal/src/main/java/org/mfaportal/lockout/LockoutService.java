package org.mfaportal.lockout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/**
 * Counts wrong MFA codes per IAM user in the database, so the lockout holds across every replica. A user
 * is locked out once {@code maxFailures} wrong codes fall within {@code window}; the lockout ends
 * {@code duration} after the last of them. A correct code clears the count.
 */
@ApplicationScoped
public class LockoutService {

    private final DataSource dataSource;
    private final LockoutConfig config;
    private final Clock clock;

    LockoutService(DataSource dataSource, LockoutConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    /** @throws LockedOut when the user may not try a code now */
    public void requireNotLockedOut(String userName) {
        lockedUntil(userName).ifPresent(until -> {
            throw lockedOut(until);
        });
    }

    /** When the user's lockout ends, if they are locked out now. */
    public Optional<Instant> lockedUntil(String userName) {
        Instant now = Instant.now(clock);
        List<Instant> failures = recentFailures(userName, now.minus(config.window()).minus(config.duration()));
        // Slide over the failures: a lockout starts whenever maxFailures of them fit in one window.
        int n = config.maxFailures();
        for (int last = failures.size() - 1; last >= n - 1; last--) {
            Instant end = failures.get(last);
            Instant start = failures.get(last - n + 1);
            if (!start.isBefore(end.minus(config.window()))) {
                Instant until = end.plus(config.duration());
                return until.isAfter(now) ? Optional.of(until) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Records a wrong code.
     *
     * @return the lockout this failure started, if it started one
     */
    public Optional<LockedOut> recordFailure(String userName) {
        execute("INSERT INTO code_failure (user_name, failed_at) VALUES (?, ?)", userName, Instant.now(clock));
        return lockedUntil(userName).map(this::lockedOut);
    }

    /** Clears the count after a correct code. */
    public void recordSuccess(String userName) {
        execute("DELETE FROM code_failure WHERE user_name = ?", userName, null);
    }

    /** Drops attempts too old to matter. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOldFailures() {
        Instant cutoff = Instant.now(clock).minus(config.window()).minus(config.duration());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM code_failure WHERE failed_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge old code failures", e);
        }
    }

    private LockedOut lockedOut(Instant until) {
        long seconds = Math.max(1, (long) Math.ceil(Duration.between(Instant.now(clock), until).toMillis() / 1000.0));
        return new LockedOut(until, Duration.ofSeconds(seconds));
    }

    private List<Instant> recentFailures(String userName, Instant since) {
        String sql = "SELECT failed_at FROM code_failure WHERE user_name = ? AND failed_at >= ? ORDER BY failed_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userName);
            ps.setTimestamp(2, Timestamp.from(since));
            List<Instant> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getTimestamp(1).toInstant());
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read code failures", e);
        }
    }

    private void execute(String sql, String userName, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userName);
            if (at != null) {
                ps.setTimestamp(2, Timestamp.from(at));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update code failures", e);
        }
    }
}
