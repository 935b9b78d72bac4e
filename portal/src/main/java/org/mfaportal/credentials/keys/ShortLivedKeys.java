package org.mfaportal.credentials.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.mfaportal.aws.AccessKey;
import org.mfaportal.aws.AwsEntityNotFound;
import org.mfaportal.aws.AwsInvalidCredentials;
import org.mfaportal.aws.AwsLimitExceeded;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.aws.StsGateway;

import io.quarkus.runtime.ShutdownEvent;

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
    /** Where used keys are deleted, after the answer (decision 0012). */
    private volatile Executor deletions;
    /** Deletions handed to {@link #deletions} and not finished yet. */
    private int pendingDeletions;
    /** How often a new key had to wait for a used one to go (IAM's two keys per user). */
    private int limitWaits;

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
        this.deletions = executor;
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
     * Creates a key for {@code userName} (or claims a prepared one), waits until AWS accepts it, hands it to
     * {@code use}, and deletes it whatever happens: after {@code use} returns, in the background, so the answer
     * does not wait for IAM. The ledger row stays until the key is gone; if the process dies first, the
     * {@link AccessKeySweeper} deletes the key (decision 0012).
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
                releaseLater(ready.get().ledgerId(), userName, ready.get().key());
            }
        }
        Ledgered fresh = createAccepted(userName, Instant.now(clock), false);
        try {
            return use.apply(fresh.key());
        } finally {
            releaseLater(fresh.entry(), userName, fresh.key());
        }
    }

    /**
     * Waits until every used key handed to the background for deletion is deleted (or left to the sweeper after
     * a failed delete): for tests that count keys right after an answer, and for an orderly shutdown.
     *
     * @return whether they all finished within {@code timeout}
     */
    public boolean awaitDeletions(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (pendingDeletions > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** A graceful stop lets the deletions under way finish (the sweeper would get the rest later). */
    void onStop(@Observes ShutdownEvent event) {
        awaitDeletions(Duration.ofSeconds(10));
    }

    /**
     * Runs the deletions of used keys on {@code executor} from now on. A test that passes one which never runs
     * them sees what a crash right after the answer leaves behind.
     */
    void deleteUsedKeysOn(Executor executor) {
        this.deletions = executor;
    }

    /** How often an issuance found the user at two keys and waited for a used key's deletion. */
    synchronized int limitWaits() {
        return limitWaits;
    }

    /** Deletes a used key in the background; inline if the background refuses the work. */
    private void releaseLater(long entry, String userName, AccessKey key) {
        synchronized (this) {
            pendingDeletions++;
        }
        Runnable deletion = () -> {
            try {
                release(entry, userName, key, true);
            } finally {
                synchronized (this) {
                    pendingDeletions--;
                    notifyAll();
                }
            }
        };
        try {
            deletions.execute(deletion);
        } catch (RejectedExecutionException e) {
            deletion.run();
        }
    }

    /**
     * Claims a prepared key of the user. If none is ready but one is being prepared (on any replica), waits for
     * it rather than creating a second key that would wait out IAM's propagation delay all over again; gives up
     * waiting when the preparation ends without a key or outlives the propagation timeout.
     */
    private Optional<PreparedKeys.Claimed> claimPrepared(String userName) {
        // The common case first: a key prepared when the form opened, claimed in two statements.
        Optional<PreparedKeys.Claimed> ready = prepared.claim(userName, Instant.now(clock).minus(usableFor()));
        Duration pause = PREPARED_POLL_INITIAL;
        while (ready.isEmpty()) {
            Instant now = Instant.now(clock);
            Optional<Instant> preparing = prepared.preparingSince(userName, now.minus(config.keyPropagationTimeout()));
            if (preparing.isEmpty()) {
                // none being prepared; one may have been stored since the claim above: claim once more
                return prepared.claim(userName, now.minus(usableFor()));
            }
            if (now.plus(pause).isAfter(preparing.get().plus(config.keyPropagationTimeout()))) {
                return Optional.empty();
            }
            pause(pause);
            pause = min(pause.multipliedBy(2), PREPARED_POLL_MAX);
            ready = prepared.claim(userName, Instant.now(clock).minus(usableFor()));
        }
        return ready;
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
                key = createKey(userName);
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

    /**
     * {@code CreateAccessKey}; when the user is at IAM's two keys while this replica is still deleting a key it
     * used a moment ago (after an answer), waits for that and tries once more rather than refusing.
     */
    private AccessKey createKey(String userName) {
        try {
            return iam.createAccessKey(userName);
        } catch (AwsLimitExceeded full) {
            boolean deleting;
            synchronized (this) {
                deleting = pendingDeletions > 0;
                limitWaits += deleting ? 1 : 0;
            }
            if (!deleting || !awaitDeletions(config.keyPropagationTimeout())) {
                throw full;
            }
            return iam.createAccessKey(userName);
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
