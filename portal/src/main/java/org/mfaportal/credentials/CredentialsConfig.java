package org.mfaportal.credentials;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How session credentials are issued. */
@ConfigMapping(prefix = "portal.credentials")
public interface CredentialsConfig {

    /** Session length offered by default, in seconds (AWS allows 900 to 129600 for GetSessionToken). */
    @WithDefault("43200")
    @Min(900)
    @Max(129600)
    int defaultDurationSeconds();

    /** Upper bound on session length the portal hands out, in seconds (at most AWS's 129600). */
    @WithDefault("129600")
    @Min(900)
    @Max(129600)
    int maxDurationSeconds();

    /** How long to wait for AWS to accept a freshly created access key before giving up. */
    @WithDefault("20s")
    Duration keyPropagationTimeout();

    /** First pause between checks of a fresh key; doubles up to {@link #keyPropagationMaxBackoff()}. */
    @WithDefault("100ms")
    Duration keyPropagationInitialBackoff();

    /** Longest pause between checks of a fresh key. */
    @WithDefault("1s")
    Duration keyPropagationMaxBackoff();

    /** Age after which the sweeper deletes a ledgered key nobody finished with. */
    @WithDefault("5m")
    Duration sweeperGrace();

    /**
     * Secret from which the key sealing prepared access keys in the database is derived; every replica must
     * share it. Defaults to the OIDC client secret. At least 16 characters.
     */
    Optional<String> sealingSecret();

    /** How often the sweeper looks for leftover keys. */
    @WithDefault("1m")
    Duration sweeperInterval();

    /**
     * Whether opening the credentials page prepares a key in the background, so the engineer does not wait for
     * IAM's propagation delay. A prepared key nobody uses lingers until the sweeper deletes it.
     */
    @WithDefault("true")
    boolean prepareOnForm();

    /** Default profile name of the ~/.aws/credentials block. */
    @WithDefault("mfa")
    String defaultProfileName();

    /** Region put into snippets (AWS_REGION, AWS_DEFAULT_REGION); none if unset. */
    Optional<String> snippetRegion();

    /** Roles engineers may assume, and who may assume which. */
    List<RoleEntitlement> roles();

    /** A role engineers in the given groups may assume with MFA. */
    interface RoleEntitlement {

        /** The role's ARN. */
        String arn();

        /** The name shown in the role picker. */
        String displayName();

        /** Values of the identity's groups claim (portal.identity.groups-claim) that grant this role. */
        List<String> groups();

        /** The role's maximum session duration in seconds (as configured on the role in IAM, ≤ 43200). */
        @WithDefault("3600")
        @Min(900)
        @Max(43200)
        int maxDurationSeconds();
    }
}
