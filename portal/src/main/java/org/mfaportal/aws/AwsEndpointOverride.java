package org.mfaportal.aws;

import java.net.URI;

/**
 * Supplied by the built-in emulator when it is enabled: where it listens and which credentials the portal
 * uses against it. When no such bean exists the portal uses {@link AwsConfig} and the SDK's default
 * credential chain (environment, profile, web identity/IRSA, instance profile).
 */
public interface AwsEndpointOverride {

    URI endpoint();

    String accessKeyId();

    String secretAccessKey();
}
