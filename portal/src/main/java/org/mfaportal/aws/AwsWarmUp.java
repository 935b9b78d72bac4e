package org.mfaportal.aws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Builds the AWS clients and makes the readiness check's own call once, in the background, as soon as the
 * application starts: the first readiness probe and the first engineer then find the SDK loaded instead of
 * paying for it (a few hundred milliseconds). Start-up does not wait for it, and a failure here is only
 * logged: readiness reports it.
 */
@ApplicationScoped
class AwsWarmUp {

    private static final Logger LOG = Logger.getLogger(AwsWarmUp.class);

    void onStart(@Observes StartupEvent event, StsGateway sts, ManagedExecutor executor) {
        executor.execute(() -> {
            try {
                sts.portalIdentity(AwsReadinessCheck.TIMEOUT);
            } catch (RuntimeException e) {
                LOG.debugf("AWS warm-up call failed (%s); the readiness check will report AWS's state",
                        e.getClass().getSimpleName());
            }
        });
    }
}
