package org.mfaportal.credentials;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.aws.AwsConfig;
import org.mfaportal.credentials.snippets.SnippetOptions;

/**
 * The region every snippet and file carries, so that credentials pasted into a shell with no AWS configuration
 * work with the AWS CLI as they are: the one the request names, else {@code portal.credentials.snippet-region},
 * else the portal's own {@code portal.aws.region}.
 */
@ApplicationScoped
public class SnippetRegion {

    private final String defaultRegion;

    SnippetRegion(CredentialsConfig config, AwsConfig aws) {
        this.defaultRegion = config.snippetRegion().filter(region -> !region.isBlank()).orElse(aws.region());
    }

    /** The region snippets get when the request names none. */
    public String defaultRegion() {
        return defaultRegion;
    }

    /**
     * Snippet options from a request's fields: a blank profile name means the default profile, a blank region
     * the {@linkplain #defaultRegion() default region}.
     *
     * @throws org.mfaportal.credentials.snippets.InvalidProfileName if the profile name is malformed
     * @throws org.mfaportal.credentials.snippets.InvalidRegion      if the region is malformed
     */
    public SnippetOptions options(String profileName, String region) {
        return SnippetOptions.of(profileName, region == null || region.isBlank() ? defaultRegion : region.strip());
    }
}
