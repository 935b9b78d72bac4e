package org.mfaportal.credentials.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.mfaportal.aws.AccessKey;
import org.mfaportal.aws.AwsEntityNotFound;
import org.mfaportal.aws.AwsInvalidCredentials;
import org.mfaportal.aws.AwsLimitExceeded;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.aws.StsGateway;

/**
 * Short-lived access keys of an engineer's IAM user, the only way to call STS as them with their MFA code
 * (docs/decisions/0003-credentials-through-short-lived-keys.md). Every key is in the {@link AccessKeyLedger}
 * before it exists and is deleted in every outcome; a key a crash leaves behind is removed by the
 * {@link AccessKeySweeper}.
 */
@ApplicationScoped
public class ShortLivedKeys {

    private static final Logger LOG = Logger.getLogger(ShortLivedKeys.class);

    /** Tells this replica's ledger rows apart from other replicas' (for logs and the operations page). */
    static final String OWNER = UUID.randomUUID().toString().substring(0, 8);

    /** Pauses between looks for a key another thread or replica is preparing. */
    /** Beyond the propagation wait, what an issuance may take: the STS call and the ledger writes around it. */
    private static final Duration ISSUANCE_MARGIN = Duration.ofMinutes(1);
    private static final Duration PREPARED_POLL_INITIAL = Duration.ofMillis(20);
    private static final Duration PREPARED_POLL_MAX = Duration.ofMillis(200);

    private final IamGateway iam;
    private final StsGateway sts;
    private final AccessKeyLedger ledger;
    private final PreparedKeys prepared;
    private final KeysConfig config;
    private final Clock clock;
    private final ManagedExecutor executor;
    private final AccessKeySweeper sweeper;

    ShortLivedKeys(IamGateway iam, StsGateway sts, AccessKeyLedger ledger, PreparedKeys prepared,
            KeysConfig config, Clock clock, ManagedExecutor executor, AccessKeySweeper sweeper) {
        this.sweeper = sweeper;
        this.iam = iam;
        this.sts = sts;
        this.ledger = ledger;
        this.prepared = prepared;
        this.config = config;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * Prepares a key for {@code userName} in the background, so that AWS has accepted it by the time the
     * engineer submits their code. Does nothing if one is prepared or being prepared already. Failures are
     * silent: the issuance then creates its own key.
     */
    public void prepareInBackground(String userName) {
        executor.execute(() -> {
            try {
                prepare(userName);
            } catch (RuntimeException e) {
                LOG.debugf("Could not prepare a key for %s (%s); issuance will create one", userName,
                        e.getClass().getSimpleName());
            }
        });
    }

    /**
     * Prepares a key now (see {@link #prepareInBackground}).
     *
     * @return whether a new key was prepared
     */
    public boolean prepare(String userName) {
        Instant now = Instant.now(clock);
        if (prepared.exists(userName, now.minus(usableFor()))) {
            return false;
        }
        Ledgered fresh = createAccepted(userName, now, true);
        try {
            prepared.store(fresh.entry(), fresh.key(), Instant.now(clock));
            return true;
        } catch (RuntimeException e) {
            release(fresh.entry(), userName, fresh.key(), true);
            throw e;
        }
    }

    /** How long a prepared key may be claimed: a minute before the sweeper may delete it. */
    /**
     * The longest an issuance holds a key: waiting for IAM to accept it, then one STS call (bounded by the SDK's
     * call timeout). A ledger row of an issuance older than this was left behind by a crash.
     */
    Duration issuanceTimeout() {
        return config.keyPropagationTimeout().plus(ISSUANCE_MARGIN);
    }

    private Duration usableFor() {
        Duration grace = config.sweeperGrace();
        return grace.compareTo(Duration.ofMinutes(2)) >= 0 ? grace.minusMinutes(1) : grace.dividedBy(2);
    }

    /**
     * Creates a key for {@code userName}, waits until AWS accepts it, hands it to {@code use}, and deletes it
     * whatever happens.
     *
     * @throws AccessKeyLimitReached when the user already has two keys
     * @throws AwsInvalidCredentials when AWS does not accept the new key within the propagation timeout
     */
    public <T> T withKey(String userName, Function<AccessKey, T> use) {
        Optional<PreparedKeys.Claimed> ready = claimPrepared(userName);
        if (ready.isPresent()) {
            try {
                return use.apply(ready.get().key());
            } finally {
                release(ready.get().ledgerId(), userName, ready.get().key(), true);
            }
        }
        Ledgered fresh = createAccepted(userName, Instant.now(clock), false);
        try {
            return use.apply(fresh.key());
        } finally {
            release(fresh.entry(), userName, fresh.key(), true);
        }
    }

    /**
     * Claims a prepared key of the user. If none is ready but one is being prepared (on any replica), waits for
     * it rather than creating a second key that would wait out IAM's propagation delay all over again; gives up
     * waiting when the preparation ends without a key or outlives the propagation timeout.
     */
    private Optional<PreparedKeys.Claimed> claimPrepared(String userName) {
        Duration pause = PREPARED_POLL_INITIAL;
        while (true) {
            Instant now = Instant.now(clock);
            // First whether one is being prepared, then the claim: a preparation that ends in between is claimed.
            Optional<Instant> preparing = prepared.preparingSince(userName, now.minus(config.keyPropagationTimeout()));
            Optional<PreparedKeys.Claimed> ready = prepared.claim(userName, now.minus(usableFor()));
            if (ready.isPresent() || preparing.isEmpty()
                    || now.plus(pause).isAfter(preparing.get().plus(config.keyPropagationTimeout()))) {
                return ready;
            }
            pause(pause);
            pause = min(pause.multipliedBy(2), PREPARED_POLL_MAX);
        }
    }

    /** A key and the ledger row that tracks it. */
    private record Ledgered(long entry, AccessKey key) {
    }

    /**
     * Ledgers, creates and waits for a new key of {@code userName}. On failure nothing is left but what the
     * sweeper will find: a key whose creation may have succeeded keeps its ledger row.
     */
    private Ledgered createAccepted(String userName, Instant now, boolean preparation) {
        long entry = preparation ? ledger.beginPreparation(userName, OWNER, now) : ledger.begin(userName, OWNER, now);
        AccessKey key = null;
        boolean mayExist = true;
        try {
            try {
                key = iam.createAccessKey(userName);
            } catch (AwsLimitExceeded e) {
                // Keys of an issuance that crashed (on any replica) may hold the user's two slots: remove those
                // older than an issuance can last, now, instead of refusing until the sweeper's grace period ends.
                if (sweeper.sweepUser(userName, now.minus(issuanceTimeout())) == 0) {
                    mayExist = false;
                    throw new AccessKeyLimitReached();
                }
                try {
                    key = iam.createAccessKey(userName);
                } catch (AwsLimitExceeded stillFull) {
                    mayExist = false;
                    throw new AccessKeyLimitReached();
                }
            }
            ledger.created(entry, key.accessKeyId());
            awaitAccepted(key);
            return new Ledgered(entry, key);
        } catch (RuntimeException e) {
            release(entry, userName, key, mayExist);
            throw e;
        }
    }

    /** Polls STS with the new key (a call without a code) until AWS stops answering InvalidClientTokenId. */
    void awaitAccepted(AccessKey key) {
        Instant deadline = Instant.now(clock).plus(config.keyPropagationTimeout());
        Duration pause = config.keyPropagationInitialBackoff();
        while (true) {
            try {
                sts.getCallerIdentity(key);
                return;
            } catch (AwsInvalidCredentials notYet) {
                if (Instant.now(clock).plus(pause).isAfter(deadline)) {
                    throw notYet;
                }
                pause(pause);
                pause = min(pause.multipliedBy(2), config.keyPropagationMaxBackoff());
            }
        }
    }

    private void release(long entry, String userName, AccessKey key, boolean mayExist) {
        if (key == null) {
            if (!mayExist) {
                ledger.done(entry);
            }
            // else: CreateAccessKey failed in a way that may have created the key; the sweeper looks.
            return;
        }
        try {
            iam.deleteAccessKey(userName, key.accessKeyId());
            ledger.done(entry);
        } catch (AwsEntityNotFound alreadyGone) {
            ledger.done(entry);
        } catch (RuntimeException e) {
            LOG.warnf("Could not delete short-lived access key %s of %s now (%s); the sweeper will", key.accessKeyId(),
                    userName, e.getClass().getSimpleName());
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsInvalidCredentials("Interrupted while waiting for AWS to accept a new key", null, null, e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
