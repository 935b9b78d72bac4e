package org.mfaportal.resilience;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.credentials.snippets.CredentialFormat;
import org.mfaportal.emulator.Faults;
import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * A canary: every flow runs with real secrets (seeds, codes, bearer tokens, issued secret keys and session
 * tokens, session cookies), then every log line the app wrote, every audit row, every response header, every
 * problem body and error page, and every URL visited is searched for each of them, exactly. Zero hits.
 */
@QuarkusTest
class SecretsCanaryTest {

    /** A user no other test signs in as. */
    static final String USER = "tess";
    /** Secret key ids, secret keys and session tokens as AWS writes them. */
    static final Pattern CREDENTIAL_VALUE = Pattern.compile("[A-Za-z0-9/+=]{40,}");

    @TestHTTPResource("/")
    URL app;

    @Inject
    PortalFixture fixture;

    @Inject
    DataSource dataSource;

    final Set<String> secrets = new LinkedHashSet<>();
    final Set<String> codes = new LinkedHashSet<>();
    final Set<String> cookieValues = new LinkedHashSet<>();
    /** Where secrets must never be: "where: text". */
    final List<String> searched = new ArrayList<>();
    final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLoggerName()).append(' ');
            line.append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            if (record instanceof ExtLogRecord ext) {
                line.append(' ').append(ext.getMdcCopy());
            }
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    line.append(' ').append(p);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            logLines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    String token;

    @BeforeEach
    void captureLogs() {
        cleanUp();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
        cleanUp();
    }

    @Test
    void noSecretOfAnyFlowAppearsInLogsAuditHeadersProblemsOrUrls() {
        token = Tokens.accessToken(USER);
        secrets.add(token);

        // enroll, activate, resync through the API
        ExtractableResponse<Response> enrollment = api("POST", "/api/v1/mfa/enrollment", null, 201);
        String seed = enrollment.jsonPath().getString("secret");
        secrets.add(seed);
        String serial = enrollment.jsonPath().getString("serialNumber");
        String[] pair = consecutiveCodes(seed);
        api("POST", "/api/v1/mfa/enrollment/activate", Map.of("serialNumber", serial, "code1", pair[0], "code2", pair[1]),
                200);
        fixture.aws().advanceClock(Duration.ofSeconds(60));
        pair = consecutiveCodes(seed);
        api("POST", "/api/v1/mfa/resync", Map.of("code1", pair[0], "code2", pair[1]), 200);

        // issue in every format, prepared first once
        api("POST", "/api/v1/credentials/prepare", null, 202);
        for (CredentialFormat format : CredentialFormat.values()) {
            ExtractableResponse<Response> issued = api("POST", "/api/v1/credentials?format=" + format.id(),
                    Map.of("code", freshCode(seed), "durationSeconds", 900, "profileName", "canary"), 200);
            collectCredentials(issued.asString());
        }

        // a failed code, a throttled call, a revocation
        String wrong = String.format("%06d", (Integer.parseInt(freshCode(seed)) + 500_000) % 1_000_000);
        codes.add(wrong);
        api("POST", "/api/v1/credentials", Map.of("code", wrong), 400);
        fixture.aws().setFaults(Faults.builder().throttleEveryNth(1).onlyFor("GetSessionToken").build());
        api("POST", "/api/v1/credentials", Map.of("code", freshCode(seed)), 503);
        fixture.aws().clearFaults();
        api("POST", "/api/v1/sessions/revoke", null, 200);

        // the same through the pages: issue, remove, enroll, activate, then remove through the API
        BrowserSession browser = BrowserSession.signIn(URI.create(app.toString()), USER);
        record(browser);
        Document form = browser.get("/credentials");
        record(browser);
        Document issuedPage = browser.submitForm(form, "/credentials", Map.of("code", freshCode(seed)));
        record(browser);
        assertThat(browser.status()).isEqualTo(200);
        collectCredentials(issuedPage.text());
        Document failed = browser.submitForm(browser.get("/credentials"), "/credentials", Map.of("code", wrong));
        record(browser);
        assertThat(failed.selectFirst("#form-error")).isNotNull();

        // a code request: opened by a helper, answered on the page, collected once by its poller
        ExtractableResponse<Response> opened = api("POST", "/api/v1/code-requests",
                Map.of("machine", "canary-host", "command", "aws s3 ls --profile canary"), 201);
        String id = opened.jsonPath().getString("id");
        String pollSecret = opened.jsonPath().getString("pollSecret");
        secrets.add(pollSecret);
        Document requestPage = browser.get("/code-requests/" + id);
        record(browser);
        browser.submitForm(requestPage, "/code-requests/" + id, Map.of("code", freshCode(seed)));
        record(browser);
        collectCredentials(api("POST", "/api/v1/code-requests/" + id + "/poll", Map.of("pollSecret", pollSecret), 200)
                .asString());
        api("POST", "/api/v1/code-requests/" + id + "/poll", Map.of("pollSecret", pollSecret), 410);
        assertThat(fixture.count("SELECT COUNT(*) FROM code_request WHERE user_name = ? AND credentials IS NOT NULL", USER))
                .as("credentials kept after the hand-over").isZero();
        browser.submitForm(browser.get("/mfa/remove"), "/mfa/remove",
                Map.of("code", freshCode(seed), "confirm", "true"));
        record(browser);
        assertThat(fixture.iam().listMfaDevices(USER)).isEmpty();
        Document enrollPage = browser.submitForm(browser.get("/"), "/mfa/enrollment", Map.of());
        record(browser);
        String pageSeed = enrollPage.selectFirst("#secret").text().replace(" ", "");
        secrets.add(pageSeed);
        pair = consecutiveCodes(pageSeed);
        browser.submitForm(enrollPage, "/mfa/enrollment/activate", Map.of("code1", pair[0], "code2", pair[1]));
        record(browser);
        assertThat(fixture.iam().listMfaDevices(USER)).hasSize(1);
        api("POST", "/api/v1/mfa/remove", Map.of("code", freshCode(pageSeed), "confirm", true), 204);
        for (String cookie : browser.cookieHeader().split(";\\s*")) {
            String value = cookie.substring(cookie.indexOf('=') + 1);
            // Session cookies are never echoed anywhere (the CSRF token is derived from the session, not a cookie).
            if (value.length() >= 16) {
                cookieValues.add(value);
            }
        }

        // everything the app wrote down
        logLines.forEach(line -> searched.add("log: " + line));
        auditRows().forEach(row -> searched.add("audit: " + row));

        assertThat(secrets).as("secrets collected").hasSizeGreaterThan(12);
        assertThat(codes).as("codes collected").hasSizeGreaterThan(12);
        assertThat(logLines).as("log lines captured").isNotEmpty();
        List<String> hits = new ArrayList<>();
        for (String where : searched) {
            boolean header = where.startsWith("header: ");
            for (String secret : secrets) {
                if (where.contains(secret)) {
                    hits.add("secret " + secret.substring(0, 4) + "… in " + abbreviate(where));
                }
            }
            for (String code : codes) {
                if (Pattern.compile("(?<![0-9])" + code + "(?![0-9])").matcher(where).find()) {
                    hits.add("code " + code + " in " + abbreviate(where));
                }
            }
            // Set-Cookie headers carry the session cookie by design; everywhere else it is a secret.
            for (String cookie : header ? Set.<String>of() : cookieValues) {
                if (where.contains(cookie)) {
                    hits.add("session cookie in " + abbreviate(where));
                }
            }
        }
        assertThat(hits).isEmpty();
    }

    private ExtractableResponse<Response> api(String method, String path, Object body, int expected) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        ExtractableResponse<Response> r = request.when().request(method, path).then().extract();
        searched.add("url: " + path);
        r.headers().forEach(h -> searched.add("header: " + h.getName() + ": " + h.getValue()));
        if (r.statusCode() >= 400) {
            searched.add("problem: " + r.asString());
        }
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.asString()).isEqualTo(expected);
        return r;
    }

    /** Every response of the browser's last step, redirects included. */
    private void record(BrowserSession browser) {
        for (HttpResponse<?> r = browser.lastResponse(); r != null; r = r.previousResponse().orElse(null)) {
            searched.add("url: " + r.uri());
            r.headers().map().forEach((name, values) -> values.forEach(v -> searched.add("header: " + name + ": " + v)));
            if (r.statusCode() >= 400 && r.body() instanceof String page) {
                searched.add("error page: " + page);
            }
        }
    }

    private void collectCredentials(String text) {
        Matcher m = CREDENTIAL_VALUE.matcher(text);
        while (m.find()) {
            secrets.add(m.group());
        }
    }

    private String[] consecutiveCodes(String seed) {
        fixture.aws().advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
        Instant now = fixture.aws().clock().instant();
        String[] pair = { Totp.code(seed, now.minusSeconds(Totp.STEP_SECONDS)), Totp.code(seed, now) };
        codes.addAll(List.of(pair));
        return pair;
    }

    private String freshCode(String seed) {
        fixture.aws().advanceClock(Duration.ofSeconds(Totp.STEP_SECONDS));
        String code = Totp.code(seed, fixture.aws().clock().instant());
        codes.add(code);
        return code;
    }

    private List<String> auditRows() {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT * FROM audit_event WHERE target_user = ? OR actor = ? OR actor LIKE ?")) {
            ps.setString(1, USER);
            ps.setString(2, USER);
            ps.setString(3, "%" + USER + "%");
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                    }
                    rows.add(row.toString());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(rows).as("audit rows of the flows").hasSizeGreaterThan(10);
        return rows;
    }

    private void cleanUp() {
        fixture.reset(USER);
        fixture.forgetAudit(USER);
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
