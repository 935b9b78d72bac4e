package org.mfaportal.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Ready when STS answers {@code GetCallerIdentity} with the portal's own credentials: AWS is reachable and
 * the credential chain resolves. One attempt, short timeout. When not, the response and one log line (on each
 * change, not on every probe) say why: no credentials, credentials refused, endpoint unreachable, or an AWS error.
 * Neither names an account, ARN or key.
 */
@Readiness
@ApplicationScoped
public class AwsReadinessCheck implements HealthCheck {

    static final String NAME = "aws";
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Logger LOG = Logger.getLogger(AwsReadinessCheck.class);

    /** Why the portal cannot use AWS, as readiness data ({@code reason}) and in the log. */
    public enum Reason {
        NO_CREDENTIALS("no-credentials", "the portal has no AWS credentials: the AWS SDK's default chain found none "
                + "(IRSA web identity, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, the instance or container "
                + "role); give the pod its role, or set the key"),
        CREDENTIALS_REFUSED("credentials-refused", "AWS refuses the portal's credentials (unknown, expired or not "
                + "allowed to call sts:GetCallerIdentity): check the role or key the default chain found"),
        ENDPOINT_UNREACHABLE("endpoint-unreachable", "the AWS endpoint does not answer (connection refused, unknown "
                + "host or timeout): check portal.aws.endpoint (PORTAL_AWS_ENDPOINT), DNS and the egress rules"),
        AWS_ERROR("aws-error", "AWS answered with an error (throttling or a failure on its side)");

        private final String code;
        private final String description;

        Reason(String code, String description) {
            this.code = code;
            this.description = description;
        }

        /** The value of the readiness data {@code reason}. */
        public String code() {
            return code;
        }

        public String description() {
            return description;
        }
    }

    private final StsGateway sts;
    /** The last answer's reason ({@code "up"} when ready), so the log says each change once. */
    private final AtomicReference<String> last = new AtomicReference<>("unknown");

    @Inject
    public AwsReadinessCheck(StsGateway sts) {
        this.sts = sts;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            sts.portalIdentity(TIMEOUT);
            if (!"up".equals(last.getAndSet("up"))) {
                LOG.infof("AWS is usable: STS answers GetCallerIdentity with the portal's credentials (endpoint %s)",
                        sts.endpoint());
            }
            return HealthCheckResponse.up(NAME);
        } catch (AwsException e) {
            Reason reason = reason(e);
            var down = HealthCheckResponse.named(NAME).down().withData("failure", e.getClass().getSimpleName())
                    .withData("reason", reason.code()).withData("endpoint", sts.endpoint());
            if (e.awsErrorCode() != null) {
                down.withData("awsErrorCode", e.awsErrorCode());
            }
            if (!reason.code().equals(last.getAndSet(reason.code()))) {
                LOG.warnf("Not ready: %s (endpoint %s; %s%s)", reason.description(), sts.endpoint(),
                        e.getClass().getSimpleName(), e.awsErrorCode() == null ? "" : ", AWS error " + e.awsErrorCode());
            }
            return down.build();
        }
    }

    /** What kind of failure {@code e} is, from its type and the SDK's exception behind it. */
    static Reason reason(AwsException e) {
        if (e instanceof AwsInvalidCredentials || e instanceof AwsAccessDenied) {
            return Reason.CREDENTIALS_REFUSED;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (message.startsWith("Unable to load credentials")) {
                return Reason.NO_CREDENTIALS;
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
                    || cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException
                    || cause.getClass().getSimpleName().equals("HttpHostConnectException")) {
                return Reason.ENDPOINT_UNREACHABLE;
            }
        }
        return Reason.AWS_ERROR;
    }
}
