package org.mfaportal.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditEvent;
import org.mfaportal.audit.AuditFilter;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditQuery;
import org.mfaportal.mfa.PendingEnrollment;
import org.mfaportal.mfa.PendingEnrollments;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Orphans: unassigned devices under the managed path whose setup started long ago, or that the portal has no
 * record of. The overview tells them from pending setups; a dry run lists and changes nothing; a real run
 * deletes exactly those older than the age given, with their records, each audited.
 */
@QuarkusTest
class OrphanCleanupTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @Inject
    PendingEnrollments pending;

    @Inject
    AuditQuery auditQuery;

    /** Unassigned devices in ivan's path: setups started 2 days ago, 2 hours ago, just now, and one without record. */
    record Leftovers(String ancient, String twoHours, String fresh, String unknown) {
    }

    @Test
    void overviewTellsPendingFromOrphaned() {
        Leftovers l = leftovers();
        Map<String, String> status = new HashMap<>();
        JsonPath page = admin().queryParam("user", "ivan").when().get("/api/v1/admin/devices")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> rows = page.getList("devices");
        rows.forEach(r -> status.put((String) r.get("serialNumber"), (String) r.get("status")));
        assertThat(status).containsEntry(l.ancient(), "ORPHANED").containsEntry(l.twoHours(), "PENDING")
                .containsEntry(l.fresh(), "PENDING").containsEntry(l.unknown(), "ORPHANED");
        assertThat(rows).allSatisfy(r -> assertThat((String) r.get("userName")).isEqualToIgnoringCase("ivan"));

        List<String> orphaned = admin().queryParam("user", "ivan").queryParam("status", "ORPHANED")
                .when().get("/api/v1/admin/devices").then().statusCode(200).extract().jsonPath()
                .getList("devices.serialNumber");
        assertThat(orphaned).contains(l.ancient(), l.unknown()).doesNotContain(l.twoHours(), l.fresh());

        admin().queryParam("status", "lost").when().get("/api/v1/admin/devices")
                .then().statusCode(400).body("errors.status", notNullValue());
        // exactly the document's values: the API refuses what its contract refuses
        admin().queryParam("status", "orphaned").when().get("/api/v1/admin/devices")
                .then().statusCode(400).body("errors.status", notNullValue());
    }

    @Test
    void dryRunListsOrphansAndDeletesNothing() {
        Leftovers l = leftovers();
        int eventsBefore = orphanEvents().size();

        JsonPath preview = admin().contentType(ContentType.JSON).body(Map.of("olderThanMinutes", 180, "dryRun", true))
                .when().post("/api/v1/admin/orphans/cleanup")
                .then().statusCode(200).body("dryRun", equalTo(true)).extract().jsonPath();
        assertThat(preview.getList("orphans.serialNumber", String.class)).contains(l.ancient(), l.unknown())
                .doesNotContain(l.twoHours(), l.fresh());
        assertThat(preview.getList("deleted")).isEmpty();

        // dryRun defaults to true
        admin().contentType(ContentType.JSON).body(Map.of("olderThanMinutes", 60))
                .when().post("/api/v1/admin/orphans/cleanup").then().statusCode(200).body("dryRun", equalTo(true));

        for (String serial : List.of(l.ancient(), l.twoHours(), l.fresh(), l.unknown())) {
            assertThat(fixture.aws().seedOf(serial)).as(serial).isPresent();
        }
        assertThat(pending.forSerials(List.of(l.ancient(), l.twoHours(), l.fresh()))).hasSize(3);
        assertThat(orphanEvents()).hasSize(eventsBefore);
    }

    @Test
    void realRunDeletesOnlyThoseOlderThanTheAgeAndAuditsEach() {
        Leftovers l = leftovers();

        JsonPath result = admin().contentType(ContentType.JSON).body(Map.of("olderThanMinutes", 60, "dryRun", false))
                .when().post("/api/v1/admin/orphans/cleanup")
                .then().statusCode(200).body("dryRun", equalTo(false)).extract().jsonPath();
        assertThat(result.getList("deleted.serialNumber", String.class))
                .contains(l.ancient(), l.twoHours(), l.unknown()).doesNotContain(l.fresh());

        assertThat(fixture.aws().seedOf(l.ancient())).isEmpty();
        assertThat(fixture.aws().seedOf(l.twoHours())).isEmpty();
        assertThat(fixture.aws().seedOf(l.unknown())).isEmpty();
        assertThat(fixture.aws().seedOf(l.fresh())).isPresent();
        assertThat(pending.forSerials(List.of(l.ancient(), l.twoHours(), l.fresh())).keySet())
                .containsExactly(l.fresh());

        List<AuditEvent> events = orphanEvents();
        for (String serial : List.of(l.ancient(), l.twoHours(), l.unknown())) {
            assertThat(events).as(serial).anySatisfy(e -> {
                assertThat(e.detail()).isEqualTo(serial);
                assertThat(e.actor()).isEqualTo("bob");
                assertThat(e.targetUser()).isEqualTo("ivan");
                assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
                assertThat(e.reason()).contains("60 minutes");
            });
        }
        assertThat(events).noneSatisfy(e -> assertThat(e.detail()).isEqualTo(l.fresh()));
    }

    @Test
    void oneOrphanAtATimeFromThePreviewPage() {
        Leftovers l = leftovers();
        BrowserSession bob = BrowserSession.signIn(app, "bob");

        Document preview = bob.get("/admin/orphans?olderThanMinutes=60");
        assertThat(bob.status()).isEqualTo(200);
        assertThat(preview.select("code.serial").eachText()).contains(l.ancient(), l.twoHours(), l.unknown())
                .doesNotContain(l.fresh());
        Element row = preview.select("tr").stream()
                .filter(tr -> tr.select("code.serial").text().equals(l.twoHours())).findFirst().orElseThrow();
        Element form = row.selectFirst("form[action=/admin/orphans/cleanup]");
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        Document after = bob.postRaw("/admin/orphans/cleanup", fields);

        assertThat(bob.status()).isEqualTo(200);
        assertThat(after.select("[role=status]").text()).contains("Deleted 1 device");
        assertThat(fixture.aws().seedOf(l.twoHours())).isEmpty();
        assertThat(fixture.aws().seedOf(l.ancient())).isPresent();
        assertThat(fixture.aws().seedOf(l.unknown())).isPresent();

        Document invalid = bob.get("/admin/orphans?olderThanMinutes=0");
        assertThat(bob.status()).isEqualTo(400);
        assertThat(invalid.select(".field-invalid input#olderThanMinutes")).hasSize(1);

        // deleting one that is not an orphan (too young) is refused
        fields.put("serialNumber", l.fresh());
        bob.postRaw("/admin/orphans/cleanup", fields);
        assertThat(bob.status()).isEqualTo(404);
        assertThat(fixture.aws().seedOf(l.fresh())).isPresent();
    }

    private Leftovers leftovers() {
        Instant now = Instant.now();
        String ancient = unassigned("ancient", now.minus(Duration.ofDays(2)));
        String twoHours = unassigned("twohours", now.minus(Duration.ofHours(2)));
        String fresh = unassigned("fresh", now);
        String unknown = unassigned("unknown", null);
        return new Leftovers(ancient, twoHours, fresh, unknown);
    }

    /** An unassigned device in ivan's path, with an enrollment record started at {@code startedAt} (or none). */
    private String unassigned(String kind, Instant startedAt) {
        String name = "ivan-" + kind + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        String serial = fixture.iam().createVirtualMfaDevice("/engineers/ivan/", name, Map.of()).serialNumber();
        if (startedAt != null) {
            pending.add(new PendingEnrollment(serial, "ivan", startedAt));
        }
        return serial;
    }

    private List<AuditEvent> orphanEvents() {
        List<AuditEvent> events = new ArrayList<>();
        auditQuery.forEach(new AuditFilter("ivan", AuditAction.ADMIN_ORPHAN_DELETED, null, null, null), events::add);
        return events;
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(Tokens.accessToken("bob"));
    }
}
