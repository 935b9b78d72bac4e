package org.mfaportal.aws;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when STS answers {@code GetCallerIdentity} with the portal's own credentials: AWS is reachable and
 * the credential chain resolves. One attempt, short timeout. The response names no account, ARN or key
 * (the health endpoint is public); on failure it gives the failure's kind and AWS error code.
 */
@Readiness
@ApplicationScoped
public class AwsReadinessCheck implements HealthCheck {

    static final String NAME = "aws";
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final StsGateway sts;

    @Inject
    public AwsReadinessCheck(StsGateway sts) {
        this.sts = sts;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            sts.portalIdentity(TIMEOUT);
            return HealthCheckResponse.up(NAME);
        } catch (AwsException e) {
            var down = HealthCheckResponse.named(NAME).down().withData("failure", e.getClass().getSimpleName());
            if (e.awsErrorCode() != null) {
                down.withData("awsErrorCode", e.awsErrorCode());
            }
            return down.build();
        }
    }
}
