package org.mfaportal.cli;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the command-line helper served at {@code /cli/mfa-portal} signs people in. */
@ConfigMapping(prefix = "portal.cli")
public interface CliConfig {

    /**
     * The public OpenID Connect client the helper signs in with (device authorization grant, RFC 8628). Its tokens
     * must carry the portal's audience.
     */
    @WithDefault("mfa-portal-cli")
    String clientId();

    /**
     * The issuer URL people's machines reach the identity provider at, when it differs from the portal's own
     * {@code quarkus.oidc.auth-server-url} (an in-cluster address, say). Defaults to that URL.
     */
    Optional<String> issuer();
}
