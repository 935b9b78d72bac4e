package org.mfaportal.aws;

import java.time.Duration;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * STS calls. {@code GetSessionToken} and {@code AssumeRole} are signed with the engineer's own (short-lived)
 * access key and carry their MFA code, so they are sent exactly once. The engineer's key is passed per
 * request; the clients themselves are shared.
 */
@ApplicationScoped
public class StsGateway {

    private final StsClient sts;
    private final StsClient stsOnce;
    private final AwsCalls calls;
    private final String endpoint;

    @Inject
    public StsGateway(AwsClients clients, MeterRegistry meters) {
        this.endpoint = clients.endpoint();
        this.sts = clients.sts();
        this.stsOnce = clients.stsOnce();
        this.calls = new AwsCalls("sts", meters);
    }

    /** Without CDI and without metrics. */
    public StsGateway(AwsClients clients) {
        this(clients, null);
    }

    /** Where STS calls go (the endpoint override, or AWS's own), for operators' messages. */
    public String endpoint() {
        return endpoint;
    }

    /** {@code GetSessionToken} as the key's user. @throws InvalidMfaCode, AwsInvalidCredentials (key not yet valid). */
    public TemporaryCredentials getSessionToken(AccessKey userKey, int durationSeconds, String serialNumber,
            String tokenCode) {
        AwsCredentialsProvider signer = signer(userKey);
        return calls.call("GetSessionToken", () -> {
            Credentials credentials = stsOnce.getSessionToken(r -> r
                    .overrideConfiguration(o -> o.credentialsProvider(signer))
                    .durationSeconds(durationSeconds)
                    .serialNumber(serialNumber)
                    .tokenCode(tokenCode)).credentials();
            return toTemporaryCredentials(credentials, null, null);
        });
    }

    /** {@code AssumeRole} as the key's user, with MFA and a source identity. */
    public TemporaryCredentials assumeRole(AccessKey userKey, String roleArn, String roleSessionName,
            int durationSeconds, String serialNumber, String tokenCode, String sourceIdentity) {
        AwsCredentialsProvider signer = signer(userKey);
        return calls.call("AssumeRole", () -> {
            AssumeRoleResponse response = stsOnce.assumeRole(r -> r
                    .overrideConfiguration(o -> o.credentialsProvider(signer))
                    .roleArn(roleArn)
                    .roleSessionName(roleSessionName)
                    .durationSeconds(durationSeconds)
                    .serialNumber(serialNumber)
                    .tokenCode(tokenCode)
                    .sourceIdentity(sourceIdentity));
            String assumedRoleArn = response.assumedRoleUser() == null ? null : response.assumedRoleUser().arn();
            String returnedSourceIdentity = response.sourceIdentity() != null ? response.sourceIdentity()
                    : sourceIdentity;
            return toTemporaryCredentials(response.credentials(), assumedRoleArn, returnedSourceIdentity);
        });
    }

    /**
     * {@code GetCallerIdentity} with the given long-term key (used to wait until a new key is accepted).
     * Carries no code, so the SDK may retry it; a key IAM has not yet propagated fails with
     * {@link AwsInvalidCredentials}, which the SDK does not retry.
     */
    public CallerIdentity getCallerIdentity(AccessKey key) {
        return callerIdentity(sts, signer(key), null);
    }

    /** {@code GetCallerIdentity} with temporary credentials. */
    public CallerIdentity getCallerIdentity(TemporaryCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        var signer = StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                credentials.secretAccessKey(), credentials.sessionToken()));
        return callerIdentity(sts, signer, null);
    }

    /** {@code GetCallerIdentity} as the portal itself (readiness check). */
    public CallerIdentity portalIdentity() {
        return callerIdentity(sts, null, null);
    }

    /** {@code GetCallerIdentity} as the portal itself, one attempt within {@code timeout}: for health checks. */
    public CallerIdentity portalIdentity(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return callerIdentity(stsOnce, null, timeout);
    }

    private CallerIdentity callerIdentity(StsClient client, AwsCredentialsProvider signer, Duration timeout) {
        return calls.call("GetCallerIdentity", () -> {
            GetCallerIdentityResponse response = client.getCallerIdentity(r -> r.overrideConfiguration(o -> {
                if (signer != null) {
                    o.credentialsProvider(signer);
                }
                if (timeout != null) {
                    o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout);
                }
            }));
            return new CallerIdentity(response.account(), response.arn(), response.userId());
        });
    }

    private static AwsCredentialsProvider signer(AccessKey key) {
        Objects.requireNonNull(key, "key");
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    private static TemporaryCredentials toTemporaryCredentials(Credentials c, String assumedRoleArn,
            String sourceIdentity) {
        return new TemporaryCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration(),
                assumedRoleArn, sourceIdentity);
    }
}
