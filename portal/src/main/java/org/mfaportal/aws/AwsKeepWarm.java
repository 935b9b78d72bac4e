package org.mfaportal.aws;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the pooled connections to IAM and STS open while a replica is idle: every
 * {@code portal.aws.keep-warm-interval} one {@code GetCallerIdentity} as the portal and one
 * {@code ListVirtualMFADevices} with {@code MaxItems=1}, calls that read nothing secret and change nothing. Without
 * them, the first issuance after a quiet minute pays a TCP and a TLS handshake to each service before its first
 * byte (decision 0012). Failures are only logged: readiness reports AWS's state.
 */
@ApplicationScoped
class AwsKeepWarm {

    private static final Logger LOG = Logger.getLogger(AwsKeepWarm.class);

    private final IamGateway iam;
    private final StsGateway sts;

    AwsKeepWarm(IamGateway iam, StsGateway sts) {
        this.iam = iam;
        this.sts = sts;
    }

    @Scheduled(every = "${portal.aws.keep-warm-interval:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void keepWarm() {
        try {
            sts.portalIdentity(AwsReadinessCheck.TIMEOUT);
            iam.listVirtualMfaDevices(AssignmentStatus.ANY, null, 1);
        } catch (RuntimeException e) {
            LOG.debugf("Keep-warm call to AWS failed (%s)", e.getClass().getSimpleName());
        }
    }
}
