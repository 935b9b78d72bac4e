package org.mfaportal.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the portal reaches AWS IAM and STS. */
@ConfigMapping(prefix = "portal.aws")
public interface AwsConfig {

    /** Region of the STS endpoint the portal calls (IAM is global). */
    @WithDefault("us-east-1")
    String region();

    /**
     * Endpoint that replaces both the IAM and the STS endpoint, for an emulator or a VPC endpoint. Unset in
     * production: the SDK's own endpoints are used. The built-in emulator, when enabled, takes precedence.
     */
    Optional<URI> endpoint();

    /**
     * The AWS console federation endpoint, for "Open the AWS console" links of role sessions. Default
     * {@code https://signin.aws.amazon.com/federation}; the built-in emulator, when enabled, takes precedence.
     */
    Optional<URI> federationEndpoint();

    /** Total attempts (first try included) for calls that carry no MFA code; calls that do are tried once. */
    @WithDefault("3")
    int maxAttempts();

    /** Time limit of one API call, all retries included. */
    @WithDefault("10s")
    Duration apiCallTimeout();

    /** Time limit of one HTTP attempt. */
    @WithDefault("5s")
    Duration apiCallAttemptTimeout();

    /**
     * How often an idle replica makes one cheap call to IAM and one to STS, so that the connections an issuance
     * needs stay open (a new one costs a TCP and a TLS handshake: ~160 ms to IAM's us-east-1 endpoint from
     * Europe). {@code off} disables it. Decision 0012.
     */
    @WithDefault("30s")
    String keepWarmInterval();
}
