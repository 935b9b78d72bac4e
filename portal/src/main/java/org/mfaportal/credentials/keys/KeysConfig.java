package org.mfaportal.credentials.keys;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the short-lived access keys behind every issuance are made, waited for, sealed and swept (decision 0003).
 * The same prefix as {@link org.mfaportal.credentials.CredentialsConfig}: to operators these are credential settings.
 */
@ConfigMapping(prefix = "portal.credentials")
public interface KeysConfig {

    /** How long to wait for AWS to accept a freshly created access key before giving up. */
    @WithDefault("20s")
    Duration keyPropagationTimeout();

    /** First pause between checks of a fresh key; doubles up to {@link #keyPropagationMaxBackoff()}. */
    @WithDefault("100ms")
    Duration keyPropagationInitialBackoff();

    /**
     * Longest pause between checks of a fresh key: an issuance without a prepared key answers at most this much
     * after AWS accepts the key (a check costs one STS call without a code).
     */
    @WithDefault("250ms")
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
}
