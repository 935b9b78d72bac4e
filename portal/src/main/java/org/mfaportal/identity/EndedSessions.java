package org.mfaportal.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.mfaportal.web.SessionKey;

import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.SecurityEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Sign-out ends the session on the server, for every replica (decision 0009): the signed-out session's key
 * ({@link SessionKey}, hashed) goes into {@code ended_session}, and a browser request authenticated by a session on
 * that list is refused as if it had no session (OIDC then asks to sign in again). Bearer tokens of the API are not
 * checked here: they are short-lived access tokens of their own.
 */
@ApplicationScoped
public class EndedSessions implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(EndedSessions.class);

    private final DataSource dataSource;
    private final IdentityConfig config;
    private final Clock clock;

    EndedSessions(DataSource dataSource, IdentityConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    /** Records the session of a person who signs out (OIDC's RP-initiated logout, before the redirect). */
    void signedOut(@Observes SecurityEvent event) {
        if (event.getEventType() == SecurityEvent.Type.OIDC_LOGOUT_RP_INITIATED) {
            SessionKey.of(event.getSecurityIdentity()).ifPresent(this::end);
        }
    }

    /** Ends the session with key {@code sessionKey} for every replica. */
    public void end(String sessionKey) {
        String sql = "INSERT INTO ended_session (session_hash, ended_at) VALUES (?, ?) ON CONFLICT DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, hash(sessionKey));
            ps.setTimestamp(2, Timestamp.from(Instant.now(clock)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record a sign-out", e);
        }
    }

    /** Whether the session with key {@code sessionKey} was signed out. */
    public boolean isEnded(String sessionKey) {
        String sql = "SELECT 1 FROM ended_session WHERE session_hash = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, hash(sessionKey));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the ended sessions", e);
        }
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        // Browser sessions only: their identity carries the ID token.
        Optional<String> key = identity.getCredential(IdTokenCredential.class) == null ? Optional.empty()
                : SessionKey.of(identity);
        if (key.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            if (isEnded(key.get())) {
                LOG.debug("Refused a session cookie of a signed-out session");
                throw new AuthenticationFailedException("The session was signed out");
            }
            return identity;
        });
    }

    /** Forgets sessions that could not be alive any more. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM ended_session WHERE ended_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now(clock).minus(config.endedSessionRetention())));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge ended sessions", e);
        }
    }

    private static String hash(String sessionKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sessionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
