package org.mfaportal.lockout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Counts wrong MFA codes per person (IAM user, across all their devices) in the database, so the lockout holds
 * across every replica. A person is locked out once {@code maxFailures} wrong codes fall within {@code window};
 * the lockout ends {@code duration} after the last of them. A correct code clears the count.
 *
 * <p>The check and the count are one step: {@link #begin(String)} takes the attempt's place in the count under a
 * row lock on the person before the code goes anywhere, so parallel requests on any number of replicas let at
 * most {@code maxFailures} codes reach AWS. An attempt in progress counts as a failure until its outcome is known.
 */
@ApplicationScoped
public class LockoutService {

    /** How long a refusal asks to wait when the count is full of attempts whose outcome is not known yet. */
    private static final Duration ATTEMPTS_IN_PROGRESS_RETRY = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final LockoutConfig config;
    private final Clock clock;

    LockoutService(DataSource dataSource, LockoutConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts a code attempt for {@code userName}: checks the lockout and takes a place in the count in one
     * transaction. Call it right before sending the code and report the outcome on the returned attempt.
     *
     * @throws LockedOut when the person is locked out, or when attempts in progress already fill the count
     */
    public CodeAttempt begin(String userName) {
        Instant now = Instant.now(clock);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockSubject(c, userName);
                List<Failure> rows = rows(c, userName, now.minus(config.window()).minus(config.duration()));
                Instant liveSince = now.minus(config.attemptTimeout());
                List<Instant> failures = rows.stream().filter(r -> !r.pending()).map(Failure::at).toList();
                Optional<Instant> until = lockedUntil(failures, now);
                if (until.isPresent()) {
                    c.rollback();
                    throw lockedOut(until.get(), now);
                }
                long counted = failures.stream().filter(at -> at.isAfter(now.minus(config.window()))).count()
                        + rows.stream().filter(r -> r.pending() && r.at().isAfter(liveSince)).count();
                if (counted >= config.maxFailures()) {
                    c.rollback();
                    throw new LockedOut(now.plus(ATTEMPTS_IN_PROGRESS_RETRY), ATTEMPTS_IN_PROGRESS_RETRY);
                }
                long id;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO code_failure (user_name, failed_at, pending) VALUES (?, ?, TRUE)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, userName);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                c.commit();
                return new CodeAttempt(this, userName, id);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the lockout", e);
        }
    }

    /** When the person's lockout ends, if they are locked out now. */
    public Optional<Instant> lockedUntil(String userName) {
        Instant now = Instant.now(clock);
        try (Connection c = dataSource.getConnection()) {
            List<Instant> failures = rows(c, userName, now.minus(config.window()).minus(config.duration())).stream()
                    .filter(r -> !r.pending()).map(Failure::at).toList();
            return lockedUntil(failures, now);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read code failures", e);
        }
    }

    Optional<LockedOut> fail(String userName, long id) {
        Instant now = Instant.now(clock);
        try (Connection c = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE code_failure SET pending = FALSE, failed_at = ? WHERE id = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setLong(2, id);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                // A correct code in parallel cleared the count, this attempt's place included: it still failed.
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO code_failure (user_name, failed_at, pending) VALUES (?, ?, FALSE)")) {
                    ps.setString(1, userName);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record a wrong code", e);
        }
        return lockedUntil(userName).map(until -> lockedOut(until, Instant.now(clock)));
    }

    void succeed(String userName, long id) {
        // Attempts of other requests still in progress keep their places; the failures are forgiven.
        update("DELETE FROM code_failure WHERE user_name = ? AND (pending = FALSE OR id = ?)", userName, id);
    }

    void release(long id) {
        update("DELETE FROM code_failure WHERE id = ? AND pending = TRUE", null, id);
    }

    /** Drops attempts too old to matter. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOldFailures() {
        Duration keep = config.window().plus(config.duration());
        if (config.attemptTimeout().compareTo(keep) > 0) {
            keep = config.attemptTimeout();
        }
        Instant cutoff = Instant.now(clock).minus(keep);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM code_failure WHERE failed_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge old code failures", e);
        }
    }

    /** Slides over the failures: a lockout starts whenever maxFailures of them fit in one window. */
    private Optional<Instant> lockedUntil(List<Instant> failures, Instant now) {
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

    private static LockedOut lockedOut(Instant until, Instant now) {
        long seconds = Math.max(1, (long) Math.ceil(Duration.between(now, until).toMillis() / 1000.0));
        return new LockedOut(until, Duration.ofSeconds(seconds));
    }

    /** Serialises the attempts of one person: concurrent transactions wait here for each other. */
    private static void lockSubject(Connection c, String userName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO lockout_subject (user_name) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, userName);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_name FROM lockout_subject WHERE user_name = ? FOR UPDATE")) {
            ps.setString(1, userName);
            ps.executeQuery().close();
        }
    }

    private record Failure(Instant at, boolean pending) {
    }

    private static List<Failure> rows(Connection c, String userName, Instant since) throws SQLException {
        String sql = "SELECT failed_at, pending FROM code_failure WHERE user_name = ? AND failed_at >= ?"
                + " ORDER BY failed_at, id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userName);
            ps.setTimestamp(2, Timestamp.from(since));
            List<Failure> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Failure(rs.getTimestamp(1).toInstant(), rs.getBoolean(2)));
                }
            }
            return result;
        }
    }

    private void update(String sql, String userName, long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (userName != null) {
                ps.setString(i++, userName);
            }
            ps.setLong(i, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update code failures", e);
        }
    }
}
