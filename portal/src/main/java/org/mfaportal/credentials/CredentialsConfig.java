package org.mfaportal.credentials;

import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How session credentials are issued and offered. The short-lived keys behind them are configured under the same
 * prefix by {@link org.mfaportal.credentials.keys.KeysConfig}.
 */
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

    /**
     * Whether opening the credentials page prepares a key in the background, so the engineer does not wait for
     * IAM's propagation delay. A prepared key nobody uses lingers until the sweeper deletes it.
     */
    @WithDefault("true")
    boolean prepareOnForm();

    /** Default profile name of the ~/.aws/credentials block. */
    @WithDefault("mfa")
    String defaultProfileName();

    /**
     * Region every snippet and file carries (AWS_REGION, AWS_DEFAULT_REGION, {@code region =}) unless a request names
     * another; defaults to {@code portal.aws.region} ({@link SnippetRegion}).
     */
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
