package org.mfaportal.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

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

    private final IamGateway iam;
    private final StsGateway sts;
    private final AccessKeyLedger ledger;
    private final CredentialsConfig config;
    private final Clock clock;

    ShortLivedKeys(IamGateway iam, StsGateway sts, AccessKeyLedger ledger, CredentialsConfig config, Clock clock) {
        this.iam = iam;
        this.sts = sts;
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates a key for {@code userName}, waits until AWS accepts it, hands it to {@code use}, and deletes it
     * whatever happens.
     *
     * @throws AccessKeyLimitReached when the user already has two keys
     * @throws AwsInvalidCredentials when AWS does not accept the new key within the propagation timeout
     */
    public <T> T withKey(String userName, Function<AccessKey, T> use) {
        long entry = ledger.begin(userName, OWNER, Instant.now(clock));
        AccessKey key = null;
        boolean mayExist = true;
        try {
            try {
                key = iam.createAccessKey(userName);
            } catch (AwsLimitExceeded e) {
                mayExist = false;
                throw new AccessKeyLimitReached();
            }
            ledger.created(entry, key.accessKeyId());
            awaitAccepted(key);
            return use.apply(key);
        } finally {
            release(entry, userName, key, mayExist);
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
