package org.mfaportal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mfaportal.credentials.SnippetRegion;

/**
 * The {@code mfa-portal} shell script, rendered for this portal: its URL, the issuer, the client id and the
 * default region are written into the script as single-quoted shell strings, so no value can break out of its
 * quotes.
 */
@ApplicationScoped
public class CliHelper {

    static final String RESOURCE = "cli/mfa-portal.sh";

    private final String template;
    private final String issuer;
    private final String clientId;
    private final String version;
    private final String region;

    @Inject
    CliHelper(CliConfig config, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
            SnippetRegion region) {
        this(config, authServerUrl, version, region.defaultRegion());
    }

    CliHelper(CliConfig config, String authServerUrl, String version, String region) {
        this.template = read(RESOURCE);
        this.issuer = stripSlash(config.issuer().orElse(authServerUrl));
        this.clientId = config.clientId();
        this.version = version;
        this.region = region;
    }

    /** The script for a portal reached at {@code portalUrl}. */
    public String render(String portalUrl) {
        return template.replace("'@@PORTAL_URL@@'", quote(stripSlash(portalUrl)))
                .replace("@@PORTAL_URL@@", comment(stripSlash(portalUrl)))
                .replace("'@@ISSUER@@'", quote(issuer))
                .replace("'@@CLIENT_ID@@'", quote(clientId))
                .replace("'@@VERSION@@'", quote(version))
                .replace("'@@REGION@@'", quote(region));
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    /** The region snippets and {@code mfa-portal configure} use unless told otherwise. */
    public String region() {
        return region;
    }

    /** A POSIX shell single-quoted string: every character literal, a quote written as {@code '\''}. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Text safe inside a shell comment: one line. */
    private static String comment(String value) {
        return value.replaceAll("[\\r\\n]", "");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
