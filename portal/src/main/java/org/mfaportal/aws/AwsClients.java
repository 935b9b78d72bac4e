package org.mfaportal.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds and owns the SDK clients. There are two flavours of each client:
 * <ul>
 * <li>{@link #iam()} / {@link #sts()} retry with the SDK's standard strategy (exponential backoff with jitter),
 * for every call that carries no MFA code;</li>
 * <li>{@link #iamOnce()} / {@link #stsOnce()} never retry: a TOTP code is single-use, so a request that carries
 * one ({@code EnableMFADevice}, {@code ResyncMFADevice}, {@code GetSessionToken}, {@code AssumeRole}) must
 * reach AWS at most once, or a retry after a lost response would burn the code or be reported as a wrong one.</li>
 * </ul>
 * All four share one Apache HTTP connection pool.
 */
@ApplicationScoped
public class AwsClients implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AwsClients.class);

    /** Enough for a busy replica; IAM's own rate limits are reached long before the pool is exhausted. */
    static final int MAX_CONNECTIONS = 50;
    /**
     * How long an idle pooled connection is kept: longer than the keep-warm interval ({@link AwsKeepWarm}), so the
     * connection an issuance finds is open and its handshakes are paid already (decision 0012).
     */
    static final Duration CONNECTION_MAX_IDLE = Duration.ofMinutes(2);

    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider credentials;
    private final IamClient iam;
    private final IamClient iamOnce;
    private final StsClient sts;
    private final StsClient stsOnce;
    private final String endpoint;

    /** CDI: the emulator's endpoint and key when it is enabled, else {@link AwsConfig} and the default chain. */
    @Inject
    public AwsClients(AwsConfig config, Instance<AwsEndpointOverride> override) {
        this(Settings.of(config, override.isResolvable() ? override.get() : null));
    }

    /**
     * Without CDI (tests, tools): explicit endpoint and static key.
     *
     * @param endpoint replaces the IAM and STS endpoints; {@code null} for the SDK's own endpoints
     * @param accessKeyId with {@code secretAccessKey}, the portal's own key; {@code null} for the default chain
     */
    public AwsClients(String region, URI endpoint, String accessKeyId, String secretAccessKey, int maxAttempts,
            Duration apiCallTimeout, Duration apiCallAttemptTimeout) {
        this(new Settings(region, endpoint, accessKeyId, secretAccessKey, maxAttempts, apiCallTimeout,
                apiCallAttemptTimeout));
    }

    private AwsClients(Settings settings) {
        if (settings.maxAttempts() < 1) {
            throw new IllegalArgumentException("portal.aws.max-attempts must be at least 1");
        }
        this.httpClient = ApacheHttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(settings.apiCallAttemptTimeout())
                .socketTimeout(settings.apiCallAttemptTimeout())
                .connectionAcquisitionTimeout(settings.apiCallAttemptTimeout())
                .connectionMaxIdleTime(CONNECTION_MAX_IDLE)
                .tcpKeepAlive(true)
                .build();
        this.credentials = settings.accessKeyId() != null
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();

        RetryStrategy retrying = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .build();
        RetryStrategy once = AwsRetryStrategy.doNotRetry();

        Region stsRegion = Region.of(settings.region());
        this.endpoint = settings.endpoint() == null ? "AWS's own endpoints (STS in " + stsRegion + ")"
                : settings.endpoint().toString();
        this.iam = iamClient(settings, retrying);
        this.iamOnce = iamClient(settings, once);
        this.sts = stsClient(settings, stsRegion, retrying);
        this.stsOnce = stsClient(settings, stsRegion, once);
        LOG.infof("AWS clients ready: endpoint=%s, STS region=%s, credentials=%s, maxAttempts=%d",
                settings.endpoint() == null ? "AWS default" : settings.endpoint(), stsRegion,
                settings.accessKeyId() != null ? "static key" : "default chain", settings.maxAttempts());
    }

    /** Where the clients send their calls, for operators' messages: the endpoint override, or AWS's own. */
    public String endpoint() {
        return endpoint;
    }

    private IamClient iamClient(Settings settings, RetryStrategy retryStrategy) {
        var builder = IamClient.builder()
                .region(Region.AWS_GLOBAL)
                .httpClient(httpClient)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides(settings, retryStrategy));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private StsClient stsClient(Settings settings, Region region, RetryStrategy retryStrategy) {
        var builder = StsClient.builder()
                .region(region)
                .httpClient(httpClient)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides(settings, retryStrategy));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static ClientOverrideConfiguration overrides(Settings settings, RetryStrategy retryStrategy) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy)
                .apiCallTimeout(settings.apiCallTimeout())
                .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                .build();
    }

    /** IAM with retries, for calls without an MFA code. */
    public IamClient iam() {
        return iam;
    }

    /** IAM tried exactly once, for calls that carry an MFA code. */
    public IamClient iamOnce() {
        return iamOnce;
    }

    /** STS with retries, for calls without an MFA code. */
    public StsClient sts() {
        return sts;
    }

    /** STS tried exactly once, for calls that carry an MFA code. */
    public StsClient stsOnce() {
        return stsOnce;
    }

    @PreDestroy
    @Override
    public void close() {
        closeQuietly(iam);
        closeQuietly(iamOnce);
        closeQuietly(sts);
        closeQuietly(stsOnce);
        // Clients built with a caller-supplied HTTP client or credentials provider leave those open.
        closeQuietly(httpClient);
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeQuietly(closeable);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debugf("Closing %s failed: %s", closeable.getClass().getSimpleName(), e.toString());
        }
    }

    private record Settings(String region, URI endpoint, String accessKeyId, String secretAccessKey,
            int maxAttempts, Duration apiCallTimeout, Duration apiCallAttemptTimeout) {

        Settings {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
            Objects.requireNonNull(apiCallAttemptTimeout, "apiCallAttemptTimeout");
            if ((accessKeyId == null) != (secretAccessKey == null)) {
                throw new IllegalArgumentException("an access key id needs its secret key, and the other way round");
            }
        }

        static Settings of(AwsConfig config, AwsEndpointOverride override) {
            if (override != null) {
                return new Settings(config.region(), override.endpoint(), override.accessKeyId(),
                        override.secretAccessKey(), config.maxAttempts(), config.apiCallTimeout(),
                        config.apiCallAttemptTimeout());
            }
            return new Settings(config.region(), config.endpoint().orElse(null), null, null, config.maxAttempts(),
                    config.apiCallTimeout(), config.apiCallAttemptTimeout());
        }

        @Override
        public String toString() {
            return "Settings[region=" + region + ", endpoint=" + endpoint + ", accessKeyId=" + accessKeyId
                    + ", secretAccessKey=<redacted>]";
        }
    }
}
