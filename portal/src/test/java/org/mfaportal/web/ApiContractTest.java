package org.mfaportal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.ApiContract;
import org.mfaportal.testing.Tokens;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The OpenAPI document is the contract the API keeps (issue #14, item 11): required and nullable fields, bounds and
 * enums, every error an operation can answer; the document refuses what the API refuses ({@code {}} as credentials
 * request); 405s name the allowed methods; answers over the HTTP limits (413, 414, 431) are problem documents with the
 * security headers and the request id like every other error. That every answer of the suite matches the document
 * is checked by {@link ApiContract} on every call.
 */
@QuarkusTest
class ApiContractTest {

    private static JsonNode document;

    @BeforeEach
    void fetch() throws IOException {
        if (document == null) {
            document = new ObjectMapper().readTree(ApiContract.document(origin().resolve("/openapi?format=json")));
        }
    }

    @Test
    void theDocumentIsOpenApi30WhichTheValidatorReads() {
        assertThat(document.path("openapi").asText()).startsWith("3.0.");
    }

    @Test
    void requestFieldsThatTheApiNeedsAreRequired() {
        assertThat(required("CredentialsRequest")).containsExactly("code");
        assertThat(required("ActivateRequest")).containsExactlyInAnyOrder("serialNumber", "code1", "code2");
        assertThat(required("ResyncRequest")).containsExactlyInAnyOrder("code1", "code2");
        assertThat(required("RemoveRequest")).containsExactlyInAnyOrder("code", "confirm");
        assertThat(required("DeactivateRequest")).containsExactlyInAnyOrder("serialNumber", "reason");
        assertThat(required("Poll")).containsExactly("pollSecret");
        assertThat(property("CredentialsRequest", "code").path("pattern").asText()).isNotBlank();
        assertThat(property("CredentialsRequest", "durationSeconds").path("minimum").asInt()).isEqualTo(900);
        assertThat(property("CredentialsRequest", "durationSeconds").path("maximum").asInt()).isEqualTo(129600);
        assertThat(property("DeactivateRequest", "reason").path("maxLength").asInt()).isEqualTo(500);
        assertThat(property("CleanupRequest", "olderThanMinutes").path("maximum").asInt()).isEqualTo(525600);
    }

    @Test
    void answersRequireEveryFieldAndDeclareTheNullableOnes() {
        assertThat(required("DevicePage")).containsExactlyInAnyOrder("devices", "nextMarker");
        assertThat(required("AuditEvent")).contains("id", "occurredAt", "action", "outcome", "reason");
        assertThat(required("ProblemDetails")).contains("type", "title", "status", "code", "detail", "requestId");
        for (String[] nullable : new String[][] { { "DevicePage", "nextMarker" }, { "AuditEvent", "reason" },
                { "AuditEvent", "targetUser" }, { "AuditPage", "nextBefore" }, { "DeviceView", "enabledAt" },
                { "DeviceView", "lastUsedAt" }, { "Me", "pendingSince" }, { "DeviceRow", "enabledAt" },
                { "DeviceRow", "pendingSince" } }) {
            assertThat(property(nullable[0], nullable[1]).path("nullable").asBoolean())
                    .as("%s.%s is nullable", nullable[0], nullable[1]).isTrue();
        }
        assertThat(property("AuditEvent", "occurredAt").path("nullable").asBoolean()).isFalse();
        assertThat(property("DeviceView", "serialNumber").path("nullable").asBoolean()).isFalse();
    }

    @Test
    void queryParametersHaveTheirBoundsAndEnums() {
        JsonNode limit = parameter("/api/v1/admin/audit", "limit");
        assertThat(limit.path("minimum").asInt()).isEqualTo(1);
        assertThat(limit.path("maximum").asInt()).isEqualTo(1000);
        assertThat(enumeration(parameter("/api/v1/admin/audit", "action")))
                .containsExactlyInAnyOrder(names(org.mfaportal.audit.AuditAction.values()));
        assertThat(enumeration(parameter("/api/v1/admin/audit", "outcome")))
                .containsExactlyInAnyOrder("SUCCESS", "REJECTED", "LOCKED_OUT", "FAILED");
        assertThat(enumeration(parameter("/api/v1/admin/devices", "status")))
                .containsExactlyInAnyOrder("ACTIVE", "PENDING", "ORPHANED");
        assertThat(enumeration(parameter("/api/v1/admin/audit/export", "format"))).containsExactlyInAnyOrder("csv", "json");
    }

    @Test
    void everyOperationDocumentsTheErrorsItCanAnswer() {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode responses = op.getValue().path("responses");
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            assertThat(responses.has("406") && responses.has("413") && responses.has("414") && responses.has("431")
                    && responses.has("500")).as("%s documents 406, 413, 414, 431 and 500", name).isTrue();
            boolean takesInput = op.getValue().has("requestBody") || op.getValue().path("parameters").size() > 0;
            if (takesInput) {
                assertThat(responses.has("400")).as("%s documents 400", name).isTrue();
            }
            if (op.getValue().has("requestBody")) {
                assertThat(responses.has("415")).as("%s documents 415", name).isTrue();
            }
        }));
    }

    @Test
    void theDocumentRefusesWhatTheApiRefuses() {
        Request empty = SimpleRequest.Builder.post("/api/v1/credentials").withContentType("application/json")
                .withAuthorization("Bearer x").withBody("{}").build();
        ValidationReport report = ApiContract.validator(origin()).validateRequest(empty);
        assertThat(report.getMessages()).extracting(ValidationReport.Message::getKey)
                .contains("validation.request.body.schema.required");
        given().auth().oauth2(Tokens.accessToken("sam")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/credentials")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("invalid-input"));
    }

    @Test
    void answersOutsideRestAssuredAreHeldToTheDocumentToo() throws Exception {
        java.net.http.HttpRequest me = java.net.http.HttpRequest.newBuilder(origin().resolve("/api/v1/me"))
                .header("Authorization", "Bearer " + Tokens.accessToken("sam")).GET().build();
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                .send(me, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(ApiContract.checkAnswer(me, answer)).isEmpty();

        java.net.http.HttpResponse<String> withoutDevices = new java.net.http.HttpResponse<>() {
            @Override
            public int statusCode() {
                return answer.statusCode();
            }

            @Override
            public java.net.http.HttpRequest request() {
                return me;
            }

            @Override
            public java.util.Optional<java.net.http.HttpResponse<String>> previousResponse() {
                return java.util.Optional.empty();
            }

            @Override
            public java.net.http.HttpHeaders headers() {
                return answer.headers();
            }

            @Override
            public String body() {
                return answer.body().replaceFirst("\"devices\"", "\"gadgets\"");
            }

            @Override
            public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
                return java.util.Optional.empty();
            }

            @Override
            public URI uri() {
                return answer.uri();
            }

            @Override
            public java.net.http.HttpClient.Version version() {
                return answer.version();
            }
        };
        assertThat(withoutDevices.body()).contains("\"gadgets\"");
        assertThat(ApiContract.checkAnswer(me, withoutDevices)).isNotEmpty()
                .allMatch(m -> m.startsWith("validation.response."));
    }

    @Test
    void aWrongMethodIsA405ProblemNamingTheAllowedMethods() {
        Response response = given().auth().oauth2(Tokens.accessToken("sam")).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/me");
        response.then().statusCode(405).contentType(ProblemDetails.MEDIA_TYPE)
                .header("Allow", "GET, HEAD, OPTIONS")
                .body("code", org.hamcrest.Matchers.equalTo("method-not-allowed"))
                .body("requestId", org.hamcrest.Matchers.equalTo(response.header(RequestInfo.HEADER)));
        assertSecurityHeaders(response.headers().asList().stream()
                .collect(java.util.stream.Collectors.toMap(h -> h.getName().toLowerCase(), h -> h.getValue(), (a, b) -> a)));
        given().auth().oauth2(Tokens.accessToken("sam")).when().get("/api/v1/credentials")
                .then().statusCode(405).header("Allow", "OPTIONS, POST");
    }

    @Test
    void aBodyOverTheLimitIsA413ProblemWithTheUsualHeaders() throws IOException {
        String body = "{\"code\":\"" + "1".repeat(70 * 1024) + "\"}";
        Answer answer = raw("POST /api/v1/credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + Tokens.accessToken("sam") + "\r\nContent-Type: application/json\r\nX-Request-Id: limit-test-413\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        answer.assertProblem(413, "payload-too-large", "limit-test-413");
    }

    @Test
    void aRequestLineOverTheLimitIsA414ProblemWithTheUsualHeaders() throws IOException {
        Answer answer = raw("GET /api/v1/me?x=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Request-Id: limit-test-414\r\n\r\n");
        answer.assertProblem(414, "uri-too-long", "limit-test-414");
    }

    @Test
    void headersOverTheLimitAreA431ProblemWithTheUsualHeaders() throws IOException {
        Answer answer = raw("GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: limit-test-431\r\n"
                + "X-Padding: " + "p".repeat(25 * 1024) + "\r\n\r\n");
        answer.assertProblem(431, "headers-too-large", "limit-test-431");
    }

    /** An answer read off the wire. */
    record Answer(int status, Map<String, String> headers, String body) {

        void assertProblem(int expected, String code, String requestId) throws IOException {
            assertThat(status).isEqualTo(expected);
            assertThat(headers.get("content-type")).startsWith(ProblemDetails.MEDIA_TYPE);
            assertThat(headers.get("x-request-id")).isEqualTo(requestId);
            JsonNode problem = new ObjectMapper().readTree(body);
            assertThat(problem.path("status").asInt()).isEqualTo(expected);
            assertThat(problem.path("code").asText()).isEqualTo(code);
            assertThat(problem.path("requestId").asText()).isEqualTo(requestId);
            assertThat(problem.path("detail").asText()).isNotBlank();
            assertSecurityHeaders(headers);
        }
    }

    private static void assertSecurityHeaders(Map<String, String> headers) {
        assertThat(headers).containsEntry("x-content-type-options", "nosniff").containsEntry("x-frame-options", "DENY")
                .containsEntry("cache-control", "no-store").containsEntry("referrer-policy", "no-referrer");
        assertThat(headers.get("content-security-policy")).contains("frame-ancestors 'none'");
    }

    /** Sends a request as written (no client limits or rewriting) and reads one answer with a Content-Length. */
    private static Answer raw(String request) throws IOException {
        URI origin = origin();
        try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            String[] lines = head.toString().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(), lines[i].substring(colon + 1).strip());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static URI origin() {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port);
    }

    private static JsonNode schema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertThat(schema.isObject()).as("schema " + name).isTrue();
        return schema;
    }

    private static List<String> required(String schema) {
        List<String> names = new ArrayList<>();
        schema(schema).path("required").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static JsonNode property(String schema, String name) {
        JsonNode property = schema(schema).path("properties").path(name);
        assertThat(property.isObject()).as(schema + "." + name).isTrue();
        return property;
    }

    private static JsonNode parameter(String path, String name) {
        for (JsonNode parameter : document.path("paths").path(path).path("get").path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                JsonNode schema = parameter.path("schema");
                String ref = schema.path("$ref").asText();
                return ref.isEmpty() ? schema : schema(ref.substring(ref.lastIndexOf('/') + 1));
            }
        }
        throw new AssertionError("no parameter " + name + " on " + path);
    }

    private static List<String> enumeration(JsonNode schema) {
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String[] names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }
}
