package org.mfaportal.aws;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The AWS console federation endpoint: turns role session credentials into a console sign-in URL. The
 * credentials travel in a POST body over TLS, never in a URL; the resulting URL carries only AWS's sign-in
 * token (valid 15 minutes, for that console sign-in), which is how AWS designed console federation.
 */
@ApplicationScoped
public class ConsoleFederationGateway {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI AWS_FEDERATION = URI.create("https://signin.aws.amazon.com/federation");

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    ConsoleFederationGateway(Instance<AwsEndpointOverride> override, AwsConfig config) {
        this(override.isResolvable() ? Optional.of(override.get().endpoint().resolve("/federation"))
                : config.federationEndpoint());
    }

    ConsoleFederationGateway(Optional<URI> endpoint) {
        this.endpoint = endpoint.orElse(AWS_FEDERATION);
    }

    /**
     * A URL that signs the browser in to the AWS console as the role session.
     *
     * @param issuer where the console's sign-out link leads (the portal)
     * @throws AwsAccessDenied when AWS refuses the credentials (for example GetSessionToken credentials)
     */
    public URI consoleSignInUrl(TemporaryCredentials credentials, URI issuer, URI destination) {
        String session = JSON.createObjectNode().put("sessionId", credentials.accessKeyId())
                .put("sessionKey", credentials.secretAccessKey()).put("sessionToken", credentials.sessionToken())
                .toString();
        String form = "Action=getSigninToken&Session=" + encode(session);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AwsAccessDenied("AWS did not give a console sign-in token", "FederationRefused", null, null);
            }
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("SigninToken").asText("");
            if (token.isEmpty()) {
                throw new AwsUnavailable("AWS answered without a console sign-in token", "FederationFailed", null, null);
            }
            return URI.create(endpoint + "?Action=login&Issuer=" + encode(issuer.toString()) + "&Destination="
                    + encode(destination.toString()) + "&SigninToken=" + encode(token));
        } catch (IOException e) {
            throw new AwsUnavailable("The AWS console federation endpoint could not be reached", null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsUnavailable("Interrupted while asking for a console sign-in token", null, null, null);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
