package org.mfaportal.credentials.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditService;
import org.mfaportal.aws.AccessKeyMetadata;
import org.mfaportal.aws.AwsEntityNotFound;
import org.mfaportal.aws.IamGateway;

import io.quarkus.scheduler.Scheduled;

/**
 * Deletes short-lived keys that a crash or a failed delete left behind. Runs on every replica; deleting a key
 * twice is harmless. For a row whose key id was never recorded (a crash between CreateAccessKey and the
 * ledger update) it deletes only keys of that user created within seconds of the row, and never any other key.
 */
@ApplicationScoped
public class AccessKeySweeper {

    private static final Logger LOG = Logger.getLogger(AccessKeySweeper.class);
    /** How long after the ledger row a key created by that issuance can appear. */
    static final Duration CREATION_WINDOW = Duration.ofSeconds(30);

    private final AccessKeyLedger ledger;
    private final PreparedKeys prepared;
    private final IamGateway iam;
    private final AuditService audit;
    private final KeysConfig config;
    private final Clock clock;

    AccessKeySweeper(AccessKeyLedger ledger, PreparedKeys prepared, IamGateway iam, AuditService audit,
            KeysConfig config, Clock clock) {
        this.ledger = ledger;
        this.prepared = prepared;
        this.iam = iam;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${portal.credentials.sweeper-interval:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep(Instant.now(clock).minus(config.sweeperGrace()));
    }

    /**
     * Deletes the keys of ledger rows started before {@code before}.
     *
     * @return how many keys were deleted
     */
    public int sweep(Instant before) {
        prepared.forgetOlderThan(before);
        int deleted = 0;
        for (AccessKeyLedger.Entry entry : ledger.olderThan(before)) {
            try {
                deleted += entry.accessKeyId() != null ? delete(entry, entry.accessKeyId()) : sweepUnrecorded(entry);
                ledger.done(entry.id());
            } catch (RuntimeException e) {
                LOG.warnf("Sweeper could not clean ledger row %d of %s (%s); will retry", entry.id(), entry.userName(),
                        e.getClass().getSimpleName());
            }
        }
        return deleted;
    }

    /**
     * Deletes the keys of {@code userName}'s issuance ledger rows started before {@code before} (an issuance that
     * crashed, on any replica), at once rather than after the sweeper's grace period. Only keys the ledger names, or
     * that appeared within seconds of an unrecorded row, are touched: never a key of the user's own.
     *
     * @return how many keys were deleted
     */
    public int sweepUser(String userName, Instant before) {
        int deleted = 0;
        for (AccessKeyLedger.Entry entry : ledger.issuingOlderThan(userName, before)) {
            deleted += entry.accessKeyId() != null ? delete(entry, entry.accessKeyId()) : sweepUnrecorded(entry);
            ledger.done(entry.id());
        }
        return deleted;
    }

    private int sweepUnrecorded(AccessKeyLedger.Entry entry) {
        int deleted = 0;
        Instant from = entry.startedAt().minusSeconds(1);
        Instant to = entry.startedAt().plus(CREATION_WINDOW);
        for (AccessKeyMetadata key : iam.listAccessKeys(entry.userName())) {
            if (!key.createDate().isBefore(from) && !key.createDate().isAfter(to)) {
                deleted += delete(entry, key.accessKeyId());
            }
        }
        return deleted;
    }

    private int delete(AccessKeyLedger.Entry entry, String accessKeyId) {
        try {
            iam.deleteAccessKey(entry.userName(), accessKeyId);
        } catch (AwsEntityNotFound alreadyGone) {
            return 0;
        }
        LOG.infof("Swept leftover short-lived access key %s of %s", accessKeyId, entry.userName());
        audit.record("system", false, entry.userName(), AuditAction.ACCESS_KEY_SWEPT, AuditOutcome.SUCCESS,
                accessKeyId, "left behind by an interrupted issuance");
        return 1;
    }
}
