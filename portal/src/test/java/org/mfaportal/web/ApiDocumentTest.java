package org.mfaportal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The OpenAPI document describes every {@code /api/v1} endpoint the code has (found by reflection, so a new
 * endpoint cannot be forgotten), with a summary and its problem+json errors, the bearer scheme, and nothing else.
 */
@QuarkusTest
class ApiDocumentTest {

    /** An endpoint as the code declares it. */
    record Endpoint(String method, String path, String javaMethod) {
    }

    private static String text;
    private static JsonNode document;

    // RestAssured knows the test port only once a test runs, so the document is fetched by the first test.
    @BeforeEach
    void fetch() throws IOException {
        if (document == null) {
            text = given().when().get("/openapi?format=json").then().statusCode(200).extract().asString();
            document = new ObjectMapper().readTree(text);
        }
    }

    @Test
    void isAValidOpenApi3Document() {
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("info").path("title").asText()).isEqualTo("MFA Portal API");
        assertThat(document.path("info").path("version").asText()).isNotBlank();

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getOpenAPI()).as("parsed by swagger-parser").isNotNull();
        assertThat(result.getMessages()).as("swagger-parser validation messages").isEmpty();
    }

    @Test
    void everyApiEndpointInTheCodeIsDocumented() {
        List<Endpoint> endpoints = apiEndpoints();
        assertThat(endpoints).as("reflection found the API").extracting(Endpoint::path)
                .contains("/api/v1/me", "/api/v1/credentials", "/api/v1/mfa/enrollment");
        for (Endpoint endpoint : endpoints) {
            JsonNode operation = document.path("paths").path(endpoint.path()).path(endpoint.method().toLowerCase());
            assertThat(operation.isObject()).as("%s %s (%s) is in the document", endpoint.method(), endpoint.path(),
                    endpoint.javaMethod()).isTrue();
            assertThat(operation.path("summary").asText()).as("summary of " + endpoint).isNotBlank();
            assertThat(operation.path("tags").size()).as("tag of " + endpoint).isPositive();
        }
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblemJson() {
        for (Endpoint endpoint : apiEndpoints()) {
            JsonNode responses = document.path("paths").path(endpoint.path()).path(endpoint.method().toLowerCase())
                    .path("responses");
            List<String> codes = new ArrayList<>();
            responses.fieldNames().forEachRemaining(codes::add);
            assertThat(codes).as("responses of " + endpoint).contains("401", "403")
                    .anyMatch(code -> code.startsWith("2"))
                    .as("an error of its own besides 401/403: " + endpoint)
                    .anyMatch(code -> code.matches("4\\d\\d|5\\d\\d") && !code.equals("401") && !code.equals("403"));
            for (String code : codes) {
                if (code.startsWith("4") || code.startsWith("5")) {
                    JsonNode response = resolve(responses.path(code));
                    assertThat(response.path("content").has(ProblemDetails.MEDIA_TYPE))
                            .as("%s answers %s with problem+json", endpoint, code).isTrue();
                    assertThat(response.path("description").asText()).isNotBlank();
                }
                if (code.equals("423") || code.equals("429") || code.equals("503")) {
                    assertThat(resolve(responses.path(code)).path("headers").has("Retry-After"))
                            .as("%s documents Retry-After on %s", endpoint, code).isTrue();
                }
            }
        }
    }

    @Test
    void theApiIsSecuredWithBearerJwt() {
        JsonNode scheme = document.path("components").path("securitySchemes").path(ApiDocumentation.BEARER);
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(document.path("security").toString()).contains("\"" + ApiDocumentation.BEARER + "\"");
    }

    @Test
    void noPageRouteLeaksIntoTheDocument() {
        List<String> paths = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).isNotEmpty().allMatch(path -> path.startsWith("/api/v1/"))
                .doesNotContain("/", "/mfa", "/credentials", "/cli", "/cli/mfa-portal", "/signed-out");
    }

    @Test
    void examplesCarryNoRealLookingSecret() {
        List<String> examples = new ArrayList<>();
        collectExamples(document, examples);
        assertThat(examples).as("the API shows examples").hasSizeGreaterThan(10);
        for (String example : examples) {
            Matcher keys = Pattern.compile("A[SK]IA[A-Z0-9]{12,}").matcher(example);
            while (keys.find()) {
                assertThat(keys.group()).as("access key ids in examples are marked as examples").contains("EXAMPLE");
            }
            // A 40-character AWS secret key or a JWT would look real; the examples use obvious placeholders.
            assertThat(example).doesNotContainPattern("[A-Za-z0-9/+]{40}")
                    .doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.");
        }
    }

    private static void collectExamples(JsonNode node, List<String> into) {
        node.fields().forEachRemaining(field -> {
            if (field.getKey().equals("example")) {
                into.add(field.getValue().toString());
            } else if (field.getKey().equals("examples")) {
                field.getValue().forEach(example -> into.add(example.path("value").toString()));
            } else {
                collectExamples(field.getValue(), into);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collectExamples(element, into));
        }
    }

    /** Follows a {@code $ref} to {@code #/components/responses/...}. */
    private static JsonNode resolve(JsonNode response) {
        String ref = response.path("$ref").asText();
        if (ref.isEmpty()) {
            return response;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        assertThat(target.isObject()).as("reference " + ref + " resolves").isTrue();
        return target;
    }

    /** Every JAX-RS resource method under /api/v1 in the application's classes. */
    static List<Endpoint> apiEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Class<?> type : applicationClasses()) {
            jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (root == null || !normalize(root.value()).startsWith("/api/v1")) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                String path = normalize(root.value() + (sub == null ? "" : "/" + sub.value()));
                endpoints.add(new Endpoint(http, path, type.getSimpleName() + "." + method.getName()));
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** One slash between segments, none at the end, and path parameters without their regular expressions. */
    private static String normalize(String path) {
        String p = ("/" + path).replaceAll("/+", "/").replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static List<Class<?>> applicationClasses() {
        Path classes = Path.of("target/classes");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Class<?>> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Iterator<Path> it = files.filter(f -> f.toString().endsWith(".class")).iterator(); it.hasNext();) {
                String name = classes.relativize(it.next()).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.startsWith("org.mfaportal.")) {
                    continue;
                }
                try {
                    result.add(Class.forName(name, false, loader));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("Cannot load " + name, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
