package org.mfaportal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.ApiContract;
import org.mfaportal.testing.Routes;
import org.mfaportal.testing.Routes.Route;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.Tokens;
import org.mfaportal.web.CsrfToken;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A seeded fuzzer over every route the portal serves (found by reflection, see {@link Routes}): wrong types,
 * huge values, unicode, injection strings, missing fields, wrong content types, malformed JSON, long headers.
 * No answer may be a 5xx; every rejection must be a clear 4xx: problem+json with a known code for the API, an
 * error page or the form with its message for pages. A fixed number of cases per route keeps it bounded.
 */
@QuarkusTest
class BadInputTest {

    static final long SEED = 20261124L;
    static final int CASES_PER_ROUTE = 40;
    /** A user no other test signs in as. */
    static final String USER = "ursula";

    static final List<String> NASTY = List.of("", " ", "0", "-1", "000000", "12345", "1234567", "12345a", "123456\n",
            "１２３４５６", "٣٣٣٣٣٣", "99999999999999999999999", "1e309", "NaN", "-0", "true", "null", "[]", "{}",
            "' OR '1'='1' --", "\"; DROP TABLE audit_event; --", "<script>alert(1)</script>", "{{7*7}}", "${7*7}",
            "${jndi:ldap://127.0.0.1/x}", "../../../../etc/passwd", "%00", "\u0000", "\u202eevil", "😀😀😀",
            "Ünïcödé ß 中文 עברית", "\r\nX-Injected: yes", "a".repeat(10_000), "9".repeat(5_000),
            "arn:aws:iam::123456789012:mfa/engineers/alice/alice", "arn:aws:iam::123456789012:role/engineer-admin",
            "arn:aws:iam::999999999999:mfa/../../x", "bash", "process", "credentials", "xml", "default", "us-east-1",
            "not a region", "profile with spaces", "[profile]", "=", "&", "?", "#", "%", "+", "\\");

    @TestHTTPResource("/")
    URL app;

    @Inject
    PortalFixture fixture;

    final Random random = new Random(SEED);
    // HTTP/1.1 like most scripts; an h2c upgrade would turn an oversized request line into a bare GOAWAY.
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final List<String> failures = new ArrayList<>();
    int cases;

    @BeforeEach
    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
    }

    @Test
    void noInputMakesThePortalFailOrAnswerUnclearly() {
        List<Route> routes = Routes.discover();
        assertThat(routes).as("routes found by reflection")
                .anyMatch(r -> r.toString().equals("POST /api/v1/credentials"))
                .anyMatch(r -> r.toString().equals("POST /mfa/remove"));

        String token = Tokens.accessToken(USER);
        TestDevices.enrollAndActivate(fixture.aws(), token);
        BrowserSession browser = BrowserSession.signIn(URI.create(app.toString()), USER);
        Document page = browser.get("/credentials");
        Element csrf = page.selectFirst("input[name=" + CsrfToken.FIELD + "]");
        assertThat(csrf).as("the credentials form carries a CSRF token").isNotNull();
        String cookies = browser.cookieHeader();
        // Headers are long "within reason": what the session cookies leave of the server's header limit.
        System.out.printf("BadInputTest: the signed-in session sends %d bytes of cookies%n", cookies.length());

        for (Route route : routes) {
            for (int i = 0; i < CASES_PER_ROUTE; i++) {
                // Wrong codes are part of the input: reset the lockout so later cases reach deeper code.
                fixture.execute("DELETE FROM code_failure WHERE user_name = ?", USER);
                HttpRequest request = route.api() ? apiCase(route, token, i) : pageCase(route, cookies, csrf.val(), i);
                check(route, request);
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(routes.size() * CASES_PER_ROUTE / 2);
        assertThat(failures).as("unclear answers").isEmpty();
    }

    private HttpRequest apiCase(Route route, String token, int i) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(route, i)).timeout(Duration.ofSeconds(30));
        b.header("Authorization", "Bearer " + token);
        headers(b, i);
        if (!route.hasBody()) {
            return b.method(route.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        String contentType = switch (i % 10) {
            case 7 -> pick("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data");
            case 8 -> pick("application/json; charset=ISO-8859-1", "application/json; charset=nonsense",
                    "application/jsonx", "*/*", "");
            default -> "application/json";
        };
        if (!contentType.isEmpty()) {
            b.header("Content-Type", contentType);
        }
        return b.method(route.method(), HttpRequest.BodyPublishers.ofByteArray(jsonBody(route, i))).build();
    }

    private byte[] jsonBody(Route route, int i) {
        if (i % 6 == 5) {
            return pick("{", "[]", "null", "\"code\"", "{\"code\":}", "{\"code\":\"123456\"", "{'code':'1'}", "",
                    "{\"code\":\"1\",\"code\":\"2\"}", "[" .repeat(5_000), "{\"a\":" + "1".repeat(400) + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (i % 13 == 12) {
            return new byte[] { '{', '"', 'c', 'o', 'd', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
        }
        Map<String, Object> body = new LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> field : route.jsonBody().entrySet()) {
            if (random.nextInt(5) == 0) {
                continue; // missing field
            }
            body.put(field.getKey(), value(field.getValue()));
        }
        if (random.nextInt(6) == 0) {
            body.put(pick("extra", "__proto__", "$where", "code\u0000"), value(String.class));
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value of the right type most of the time, and of every wrong type some of the time. */
    private Object value(Class<?> type) {
        return switch (random.nextInt(10)) {
            case 0 -> random.nextBoolean();
            case 1 -> pick(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 2147483648L, 900L, 129600L, 129601L);
            case 2 -> pick(1.5, -0.0, 1e300);
            case 3 -> List.of(pick(NASTY), 1);
            case 4 -> Map.of("nested", pick(NASTY));
            case 5 -> null;
            default -> type == Integer.class || type == int.class ? pick(899, 900, 3600, 43200, 129600, 129601, -5)
                    : type == boolean.class || type == Boolean.class ? random.nextBoolean()
                    : pick(NASTY);
        };
    }

    private HttpRequest pageCase(Route route, String cookies, String csrfToken, int i) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(route, i)).timeout(Duration.ofSeconds(30));
        b.header("Cookie", cookies);
        headers(b, i);
        if (!route.hasBody()) {
            return b.method(route.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (i % 9 != 8) {
            fields.put(CsrfToken.FIELD, i % 17 == 16 ? pick(NASTY) : csrfToken);
        }
        for (Map.Entry<String, Class<?>> field : route.form().entrySet()) {
            if (random.nextInt(5) == 0) {
                continue;
            }
            Object v = value(field.getValue());
            fields.put(field.getKey(), v == null ? "" : String.valueOf(v));
        }
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String contentType = i % 10 == 7 ? pick("application/json", "text/plain", "multipart/form-data; boundary=x")
                : "application/x-www-form-urlencoded";
        if (i % 11 == 10) {
            form = pick("%", "%zz", "=&=&", "a=%E0%A4%A", "&&&&", "x".repeat(100_000));
        }
        return b.header("Content-Type", contentType).method(route.method(), HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    private URI uri(Route route, int i) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, Class<?>> param : route.query().entrySet()) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            Object v = value(param.getValue());
            query.append(query.length() == 0 ? "?" : "&").append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(v == null ? "" : String.valueOf(v), StandardCharsets.UTF_8));
        }
        if (i % 12 == 11) {
            query.append(query.length() == 0 ? "?" : "&").append(pick("format=%C3%28", "x=%00", "format=", "a%5B%5D=1&a%5B%5D=2", "format=bash&format=fish"));
        }
        return URI.create(app.toString().replaceAll("/$", "") + fillPathParameters(route.path()) + query);
    }

    /** Each {@code {name}} of a route's path becomes a value from the same hostile set, URL-encoded. */
    private String fillPathParameters(String path) {
        StringBuilder filled = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{[^}]+}").matcher(path);
        while (m.find()) {
            String value = pick(USER, "bob", "carol", "../../etc/passwd", "a".repeat(300), "\u0000", "ü'\"<x>", " ");
            m.appendReplacement(filled, java.util.regex.Matcher.quoteReplacement(
                    URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    private void headers(HttpRequest.Builder b, int i) {
        if (i % 8 == 3) {
            b.header("X-Request-Id", pick("short", "x".repeat(4_000), "../../etc", "valid-request-id-0001"));
        }
        if (i % 8 == 4) {
            b.header("User-Agent", "fuzz/" + "ü".repeat(1_000));
        }
        if (i % 8 == 5) {
            b.header("Accept", pick("application/xml", "text/x-fish", "*/*;q=abc", "application/problem+json",
                    "text/html;level=9999999999999", "x/y, */*;q=0"));
        }
        if (i % 8 == 6) {
            b.header("X-Fuzz", "v".repeat(2_000));
        }
    }

    private void check(Route route, HttpRequest request) {
        cases++;
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failures.add(route + " " + request.uri() + ": no answer (" + e + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int status = r.statusCode();
        String type = r.headers().firstValue("Content-Type").orElse("");
        String what = route + " case " + cases + " (" + request.uri().getRawQuery() + ") -> " + status + " " + type;
        boolean bareLimit = (status == 413 || status == 414 || status == 431) && r.body().isEmpty();
        if (route.api() && !bareLimit) {
            // every answer, the accepted ones too, as the API's contract promises (decision 0014)
            ApiContract.checkAnswer(request, r).forEach(m -> failures.add(what + ": breaks the OpenAPI document: " + m));
        }
        if (status >= 500) {
            failures.add(what + ": server error " + abbreviate(r.body()));
            return;
        }
        if (status < 400) {
            return;
        }
        if (bareLimit) {
            // A request beyond four times the HTTP limits (quarkus.http.limits.*) is refused by Vert.x's decoder
            // before any route runs, with the limit's own status: nothing of the portal's can answer there
            // (web/HttpLimits answers those up to that, as problems; decision 0014).
            return;
        }
        if (route.api()) {
            if (!type.startsWith("application/problem+json")) {
                failures.add(what + ": not problem+json: " + abbreviate(r.body()));
                return;
            }
            try {
                String code = json.readTree(r.body()).path("code").asText(null);
                if (code == null || !CleanAnswers.KNOWN_CODES.contains(code)) {
                    failures.add(what + ": unknown code " + code);
                }
            } catch (IOException e) {
                failures.add(what + ": unreadable problem " + abbreviate(r.body()));
            }
            return;
        }
        Document doc = Jsoup.parse(r.body());
        if (!type.startsWith("text/html")
                || doc.selectFirst("#error-title") == null && doc.selectFirst("#form-error") == null) {
            failures.add(what + ": no error page and no form message: " + abbreviate(r.body()));
        }
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
