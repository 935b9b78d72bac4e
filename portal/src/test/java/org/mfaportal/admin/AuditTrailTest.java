package org.mfaportal.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.mfaportal.audit.AuditRetention;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The audit trail for admins: filters, keyset paging, CSV and JSON downloads, the page, and retention. */
@QuarkusTest
class AuditTrailTest {

    @TestHTTPResource("/")
    URI app;

    @Inject
    DataSource dataSource;

    @Inject
    AuditRetention retention;

    /** Three session revocations of judy with reasons that test quoting; returns the reasons, oldest first. */
    private List<String> revocations(String marker) {
        List<String> reasons = List.of(
                "Plain reason " + marker,
                "Lost, \"really\" stolen\r\nsecond line " + marker,
                "=HYPERLINK(\"http://example.invalid\") " + marker);
        for (String reason : reasons) {
            admin().contentType(ContentType.JSON).body(Map.of("reason", reason))
                    .when().post("/api/v1/admin/users/judy/sessions/revoke").then().statusCode(200);
        }
        return reasons;
    }

    @Test
    void filtersByUserActionOutcomeAndTime() {
        Instant start = Instant.now();
        List<String> reasons = revocations("filters-" + System.nanoTime());

        JsonPath page = admin().queryParam("user", "judy").queryParam("action", "ADMIN_SESSIONS_REVOKED")
                .queryParam("from", start.toString())
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("events.reason", String.class)).containsExactly(reasons.get(2), reasons.get(1),
                reasons.get(0));
        assertThat(page.getList("events.action", String.class)).containsOnly("ADMIN_SESSIONS_REVOKED");
        assertThat(page.getList("events.targetUser", String.class)).containsOnly("judy");
        assertThat(page.getList("events.actor", String.class)).containsOnly("bob");

        assertThat(admin().queryParam("user", "bob").queryParam("from", start.toString())
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath()
                .getList("events.reason", String.class)).as("the actor matches too").contains(reasons.get(0));
        assertThat(admin().queryParam("user", "judy").queryParam("outcome", "FAILED").queryParam("from", start.toString())
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath()
                .getList("events")).isEmpty();
        assertThat(admin().queryParam("user", "judy").queryParam("to", start.toString())
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath()
                .getList("events.reason", String.class)).doesNotContainAnyElementsOf(reasons);
        assertThat(admin().queryParam("user", "ivan").queryParam("from", start.toString())
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath()
                .getList("events.reason", String.class)).doesNotContainAnyElementsOf(reasons);

        admin().queryParam("action", "NOT_AN_ACTION").queryParam("from", "yesterday")
                .when().get("/api/v1/admin/audit")
                .then().statusCode(400).body("errors.action", notNullValue()).body("errors.from", notNullValue());
    }

    @Test
    void pagesThroughEventsNewestFirstWithoutGapsOrRepeats() {
        Instant start = Instant.now();
        revocations("paging-a-" + System.nanoTime());
        revocations("paging-b-" + System.nanoTime());

        List<Long> all = admin().queryParam("user", "judy").queryParam("from", start.toString())
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath()
                .getList("events.id", Long.class);
        assertThat(all).hasSizeGreaterThanOrEqualTo(6).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        List<Long> paged = new ArrayList<>();
        Long before = null;
        int pages = 0;
        do {
            RequestSpecification request = admin().queryParam("user", "judy").queryParam("from", start.toString())
                    .queryParam("limit", 4);
            if (before != null) {
                request.queryParam("before", before);
            }
            JsonPath page = request.when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
            List<Long> ids = page.getList("events.id", Long.class);
            assertThat(ids).hasSizeLessThanOrEqualTo(4);
            paged.addAll(ids);
            before = page.getObject("nextBefore", Long.class);
            pages++;
        } while (before != null && pages < 100);
        assertThat(pages).isGreaterThan(1);
        assertThat(paged).isEqualTo(all);
        assertThat(new HashSet<>(paged)).hasSize(paged.size());
    }

    @Test
    void csvExportQuotesCommasQuotesAndLineBreaksAndDefusesFormulas() {
        Instant start = Instant.now();
        List<String> reasons = revocations("csv-" + System.nanoTime());

        Response response = admin().accept("text/csv").queryParam("user", "judy").queryParam("from", start.toString())
                .when().get("/api/v1/admin/audit");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        assertThat(response.header("Content-Disposition")).matches("attachment; filename=\"audit-\\d{8}T\\d{6}Z\\.csv\"");

        List<List<String>> records = Csv.parse(response.asString());
        List<String> header = records.get(0);
        assertThat(header).startsWith("id", "occurred_at", "actor");
        int reason = header.indexOf("reason");
        int action = header.indexOf("action");
        List<String> csvReasons = records.subList(1, records.size()).stream().map(r -> r.get(reason)).toList();
        assertThat(records.subList(1, records.size())).allSatisfy(r -> {
            assertThat(r).hasSize(header.size());
            assertThat(r.get(action)).isEqualTo("ADMIN_SESSIONS_REVOKED");
        });
        assertThat(csvReasons).containsExactly("'" + reasons.get(2), reasons.get(1), reasons.get(0));
    }

    @Test
    void jsonDownloadHoldsEveryMatchingEvent() throws Exception {
        Instant start = Instant.now();
        List<String> reasons = revocations("json-" + System.nanoTime());

        Response response = admin().queryParam("user", "judy").queryParam("from", start.toString())
                .queryParam("format", "json").when().get("/api/v1/admin/audit/export");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Disposition")).matches("attachment; filename=\"audit-\\d{8}T\\d{6}Z\\.json\"");
        JsonNode events = new ObjectMapper().readTree(response.asString());
        assertThat(events.isArray()).isTrue();
        List<String> jsonReasons = new ArrayList<>();
        events.forEach(e -> jsonReasons.add(e.get("reason").asText()));
        assertThat(jsonReasons).containsExactly(reasons.get(2), reasons.get(1), reasons.get(0));
        assertThat(events.get(0).get("occurredAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void auditPageFiltersAndLinksTheDownloads() {
        String marker = "page-" + System.nanoTime();
        List<String> reasons = revocations(marker);
        BrowserSession bob = BrowserSession.signIn(app, "bob");

        Document page = bob.get("/admin/audit?user=judy&action=ADMIN_SESSIONS_REVOKED");
        assertThat(bob.status()).isEqualTo(200);
        assertThat(page.select("td.reason").eachText()).contains(reasons.get(0));
        assertThat(page.select("select#action option[selected]").attr("value")).isEqualTo("ADMIN_SESSIONS_REVOKED");
        assertThat(page.select("time[datetime]")).isNotEmpty();
        String csvLink = page.selectFirst("a[href^=/admin/audit/export][href*=format=csv]").attr("href");

        bob.get(csvLink);
        assertThat(bob.status()).isEqualTo(200);
        assertThat(bob.lastResponse().headers().firstValue("Content-Disposition").orElseThrow()).contains(".csv");
        List<List<String>> records = Csv.parse(bob.lastResponse().body());
        int reason = records.get(0).indexOf("reason");
        assertThat(records.stream().map(r -> r.get(reason))).contains(reasons.get(1));

        Document invalid = bob.get("/admin/audit?action=NOPE&from=not-a-time");
        assertThat(bob.status()).isEqualTo(400);
        assertThat(invalid.select(".field-invalid select#action")).hasSize(1);
        assertThat(invalid.selectFirst("#from-error").text()).contains("UTC");
    }

    @Test
    void retentionDeletesOnlyEventsOlderThanTheRetention() throws Exception {
        String actor = "retention-" + System.nanoTime();
        Instant now = Instant.now();
        insert(actor, now.minus(Duration.ofDays(500)));
        insert(actor, now.minus(Duration.ofDays(399)));
        insert(actor, now.minus(Duration.ofMinutes(5)));

        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

        assertThat(occurrences(actor)).hasSize(2)
                .allSatisfy(t -> assertThat(t).isAfter(now.minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.DAYS)));
    }

    private void insert(String actor, Instant at) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_event (occurred_at, actor, actor_admin, action, outcome) VALUES (?, ?, FALSE, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, actor);
            ps.setString(3, "SIGN_IN_REFUSED");
            ps.setString(4, "REJECTED");
            ps.executeUpdate();
        }
    }

    private List<Instant> occurrences(String actor) throws Exception {
        List<Instant> times = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT occurred_at FROM audit_event WHERE actor = ?")) {
            ps.setString(1, actor);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getTimestamp(1).toInstant());
                }
            }
        }
        return times;
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(Tokens.accessToken("bob"));
    }
}
