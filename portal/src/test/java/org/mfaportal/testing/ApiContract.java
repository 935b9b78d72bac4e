package org.mfaportal.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Body;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.RestAssured;
import io.restassured.authentication.OAuth2Scheme;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds every API call of the test suite to the portal's OpenAPI document, with a third-party validator (Atlassian's
 * swagger-request-validator, decision 0014): a RestAssured filter that checks each {@code /api/} answer (status,
 * media type, headers, body schema) against the document the answering portal serves at {@code /openapi}, loaded
 * once per portal and JVM. The request is checked too when the portal accepted it (a 2xx): the document may not
 * refuse what the API takes. A request the portal refused is not held to the document, since tests send bad input
 * on purpose; the document's refusals of such input are checked where they matter ({@code ApiDocumentTest}).
 *
 * <p>{@link ApiContractExtension} installs the filter before every test, so every test that calls the API through
 * RestAssured is checked without asking for it. A mismatch fails the test with the validator's messages.
 */
public final class ApiContract implements Filter {

    /** The document of each portal (scheme, host and port) the tests talk to. */
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    private ApiContract() {
    }

    /** Adds the filter to RestAssured's defaults unless it is there. Called by {@link ApiContractExtension}. */
    public static synchronized void install() {
        // by name: a RestAssured shared between class loaders may hold the filter of another loader
        if (RestAssured.filters().stream().noneMatch(f -> f.getClass().getName().equals(ApiContract.class.getName()))) {
            RestAssured.filters(new ApiContract());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (uri.getPath() == null || !uri.getPath().startsWith("/api/")) {
            return response;
        }
        List<String> mismatches = check(uri, withAuthorization(RestAssuredRequest.of(request), request),
                RestAssuredResponse.of(response));
        if (!mismatches.isEmpty()) {
            throw new AssertionError("The answer to " + request.getMethod() + " " + uri.getPath() + " (" + response.statusCode()
                    + ") breaks the OpenAPI document:\n  " + String.join("\n  ", mismatches)
                    + "\nbody: " + abbreviate(response.asString()));
        }
        return response;
    }

    /**
     * The validator's complaints about one exchange with the portal at {@code uri}'s origin: about the answer
     * always, about the request only when the portal accepted it.
     */
    public static List<String> check(URI uri, Request request, com.atlassian.oai.validator.model.Response response) {
        ValidationReport report = validator(uri).validate(request, response);
        boolean accepted = response.getStatus() >= 200 && response.getStatus() < 300;
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> accepted || !m.getKey().startsWith("validation.request."))
                .map(m -> m.getKey() + ": " + m.getMessage()
                        + m.getAdditionalInfo().stream().map(i -> " [" + i + "]").reduce("", String::concat))
                .toList();
    }

    /**
     * The validator's complaints about the answer to a request sent with {@code java.net.http} (the fuzzing and the
     * packaged-app tests, which do not go through RestAssured): the answer only, since those requests are bad on
     * purpose or their bodies are not at hand. Empty for a path outside {@code /api/}.
     */
    public static List<String> checkAnswer(HttpRequest request, HttpResponse<String> response) {
        URI uri = request.uri();
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/api/")) {
            return List.of();
        }
        SimpleRequest.Builder sent = new SimpleRequest.Builder(request.method(), uri.getRawPath());
        request.headers().map().forEach(sent::withHeader);
        if (uri.getRawQuery() != null) {
            Map<String, List<String>> query = new TreeMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            query.forEach(sent::withQueryParam);
        }
        SimpleResponse.Builder answered = new SimpleResponse.Builder(response.statusCode()).withBody(response.body());
        response.headers().map().forEach(answered::withHeader);
        return check(uri, sent.build(), answered.build()).stream()
                .filter(m -> !m.startsWith("validation.request."))
                .toList();
    }

    /**
     * The request as it went out: RestAssured adds the {@code Authorization} of {@code auth().oauth2(token)} after the
     * filters ran, so the request a filter sees has none yet.
     */
    private static Request withAuthorization(Request request, FilterableRequestSpecification spec) {
        String token = spec.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme preemptive
                ? preemptive.getAccessToken()
                : spec.getAuthenticationScheme() instanceof OAuth2Scheme oauth2 ? oauth2.getAccessToken() : null;
        if (token == null || !request.getHeaderValues("Authorization").isEmpty()) {
            return request;
        }
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.getHeaders());
        headers.put("Authorization", List.of("Bearer " + token));
        return new Request() {
            @Override
            public String getPath() {
                return request.getPath();
            }

            @Override
            public Method getMethod() {
                return request.getMethod();
            }

            @Override
            public Optional<String> getBody() {
                return request.getBody();
            }

            @Override
            public Optional<Body> getRequestBody() {
                return request.getRequestBody();
            }

            @Override
            public Collection<String> getQueryParameters() {
                return request.getQueryParameters();
            }

            @Override
            public Collection<String> getQueryParameterValues(String name) {
                return request.getQueryParameterValues(name);
            }

            @Override
            public Map<String, Collection<String>> getHeaders() {
                return headers;
            }

            @Override
            public Collection<String> getHeaderValues(String name) {
                return headers.getOrDefault(name, List.of());
            }
        };
    }

    /** The validator for the document of the portal serving {@code uri}. */
    public static OpenApiInteractionValidator validator(URI uri) {
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        return VALIDATORS.computeIfAbsent(origin, o -> OpenApiInteractionValidator
                .createForInlineApiSpecification(document(URI.create(o + "/openapi?format=json")))
                .withLevelResolver(LevelResolver.create()
                        // A query parameter the document does not name is a mismatch, not a remark.
                        .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                        .build())
                .build());
    }

    /** The document as the portal serves it. */
    public static String document(URI location) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(location)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("No OpenAPI document at " + location + ": " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("No OpenAPI document at " + location, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
    }
}
