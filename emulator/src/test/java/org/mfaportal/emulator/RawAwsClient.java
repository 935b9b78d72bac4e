package org.mfaportal.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends hand-made AWS Query requests, signed by the SDK's own SigV4 signer, so tests can look at raw XML and
 * send what the typed clients cannot (unknown actions, tampered bodies, no signature).
 */
final class RawAwsClient {

    record Reply(int status, String body) {
    }

    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    RawAwsClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    Reply post(String service, String accessKeyId, String secret, String form) {
        return send(sign(service, accessKeyId, secret, form), form);
    }

    /** Signs {@code signedForm} but sends {@code sentForm}. */
    Reply postTampered(String service, String accessKeyId, String secret, String signedForm, String sentForm) {
        return send(sign(service, accessKeyId, secret, signedForm), sentForm);
    }

    Reply postUnsigned(String form) {
        return send(Map.of("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8")), form);
    }

    private Map<String, List<String>> sign(String service, String accessKeyId, String secret, String form) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(form))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        return signed.request().headers();
    }

    private Reply send(Map<String, List<String>> headers, String form) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON call to the control endpoint. */
    Reply control(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
