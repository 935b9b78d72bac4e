package org.mfaportal.mfa;

import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How virtual MFA devices are created and shown. */
@ConfigMapping(prefix = "portal.mfa")
public interface MfaConfig {

    /**
     * Issuer shown by authenticator apps (the part before the colon in the Key URI). Default: "AWS" followed by
     * the account alias if {@link #accountAlias()} is set, else the account id.
     */
    Optional<String> issuer();

    /** The AWS account alias, used in the default issuer and label so people recognise the account. */
    Optional<String> accountAlias();

    /**
     * Label shown by authenticator apps, with {@code {user}} and {@code {account}} replaced. Default
     * {@code {user}@{account}}.
     */
    @WithDefault("{user}@{account}")
    String label();

    /** How many MFA devices of any kind an engineer may have (AWS allows up to 8, the default). */
    @WithDefault("8")
    @Min(1)
    @Max(8)
    int maxDevicesPerUser();
}
