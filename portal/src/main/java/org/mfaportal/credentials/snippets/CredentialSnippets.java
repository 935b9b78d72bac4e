package org.mfaportal.credentials.snippets;

import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.aws.TemporaryCredentials;

/**
 * Renders issued session credentials as text an engineer pastes into a shell, saves as a file, or feeds to a
 * program. Stateless and side-effect free; it never logs, because everything it produces is a secret.
 */
@ApplicationScoped
public class CredentialSnippets {

    /**
     * The credentials in the given format, as UTF-8 text ending in a line break ({@code cmd} uses CRLF line
     * ends, every other format LF). Every format states the expiry in ISO-8601 UTC.
     *
     * @param format      the target format
     * @param credentials the session credentials; key id, secret and token must be non-empty, expiration non-null
     * @param options     profile name (for {@link CredentialFormat#CREDENTIALS}) and region
     * @return the snippet, with every value quoted for its format so that it reads back exactly
     * @throws UnrepresentableCredentialValue if a value holds a character the format cannot carry faithfully
     *                                        (see {@code docs/credential-formats.md}); other formats still work
     * @throws IllegalArgumentException       if the credentials are incomplete
     */
    public String render(CredentialFormat format, TemporaryCredentials credentials, SnippetOptions options) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(options, "options");
        requireComplete(credentials);
        return switch (format) {
            case BASH -> BashSnippet.render(credentials, options);
            case FISH -> FishSnippet.render(credentials, options);
            case POWERSHELL -> PowerShellSnippet.render(credentials, options);
            case CMD -> CmdSnippet.render(credentials, options);
            case CREDENTIALS -> CredentialsFileSnippet.render(credentials, options);
            case DOTENV -> DotenvSnippet.render(credentials, options);
            case PROCESS -> CredentialProcessJson.render(credentials);
            case JSON -> CredentialsJson.render(credentials, options);
        };
    }

    // An empty value would unset the variable in cmd and PowerShell and make an unusable profile elsewhere.
    private static void requireComplete(TemporaryCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        if (isEmpty(credentials.accessKeyId()) || isEmpty(credentials.secretAccessKey())
                || isEmpty(credentials.sessionToken()) || credentials.expiration() == null) {
            throw new IllegalArgumentException(
                    "Incomplete session credentials: access key id, secret, session token and expiration are all required");
        }
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
