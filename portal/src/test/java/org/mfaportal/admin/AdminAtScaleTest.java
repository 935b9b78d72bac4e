package org.mfaportal.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The overview with 10,000 engineers in the managed path (30 % with an active device) and 120 orphans: walking
 * every page through the markers finds each device exactly once, in pages of 50, and the filters count right.
 * Expectations come from the emulator's own counts, not from the portal. Timings are measured elsewhere.
 */
@QuarkusTest
@TestProfile(AdminAtScaleTest.TenThousandEngineers.class)
class AdminAtScaleTest {

    static final int GENERATED = 10_000;
    static final int ORPHANS = 120;
    /** The demo engineers seeded by the test profile, also in the managed path (counted, not hard-coded). */
    static int seededEngineers() {
        String seed = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("portal.emulator.seed-users", String.class);
        return (int) org.mfaportal.emulator.EmulatorSettings.SeedUser.parseAll(seed).stream()
                .filter(u -> u.path().equals("/engineers/")).count();
    }

    /** The emulator generates the users in the managed path, so the portal manages all of them. */
    public static class TenThousandEngineers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "portal.emulator.generated-users.count", String.valueOf(GENERATED),
                    "portal.emulator.generated-users.path", "/engineers/",
                    "portal.emulator.generated-users.with-device-fraction", "0.3",
                    "portal.emulator.generated-users.orphan-devices", String.valueOf(ORPHANS));
        }
    }

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @Test
    void walkingEveryPageFindsEachDeviceOnce() {
        Map<String, Object> counts = fixture.aws().summary();
        int devices = (Integer) counts.get("virtualMfaDevices");
        int assigned = (Integer) counts.get("assignedDevices");
        assertThat(assigned).isBetween(2_500, 3_500);

        List<Map<String, Object>> all = walk(null, null);
        assertThat(all).hasSize(devices);
        assertThat(new HashSet<>(all.stream().map(r -> r.get("serialNumber")).toList())).hasSize(devices);
        assertThat(all.stream().filter(r -> "ACTIVE".equals(r.get("status")))).hasSize(assigned);
        assertThat(all.stream().filter(r -> "ORPHANED".equals(r.get("status")))).hasSize(ORPHANS);
        assertThat(all).allSatisfy(r -> assertThat((String) r.get("serialNumber")).contains(":mfa/engineers/"));
    }

    @Test
    void statusAndUserFiltersCountRight() {
        int assigned = (Integer) fixture.aws().summary().get("assignedDevices");
        assertThat(walk("ACTIVE", null)).hasSize(assigned)
                .allSatisfy(r -> assertThat(r.get("enabledAt")).isNotNull());
        assertThat(walk("ORPHANED", null)).hasSize(ORPHANS);
        assertThat(walk("PENDING", null)).isEmpty();

        // user0001 matches user00010 .. user00019; ask IAM, user by user, which of them have a device
        int expected = 0;
        for (int i = 10; i <= 19; i++) {
            expected += given().auth().oauth2(token()).when().get("/api/v1/admin/users/user000" + i)
                    .then().statusCode(200).extract().jsonPath().getList("devices").size();
        }
        List<Map<String, Object>> matching = walk(null, "user0001");
        assertThat(matching).hasSize(expected)
                .allSatisfy(r -> assertThat((String) r.get("userName")).startsWith("user0001"));
    }

    @Test
    void usersWithoutMfaAreTheManagedUsersMinusThoseWithDevices() {
        int assigned = (Integer) fixture.aws().summary().get("assignedDevices");
        JsonPath users = given().auth().oauth2(token()).when().get("/api/v1/admin/users-without-mfa")
                .then().statusCode(200).extract().jsonPath();
        assertThat(users.getInt("count")).isEqualTo(GENERATED + seededEngineers() - assigned);
        assertThat(users.getList("users")).hasSize(users.getInt("count"));
        assertThat(users.getList("users.userName", String.class)).contains("alice", "judy").doesNotContain("carol");

        JsonPath prefixed = given().auth().oauth2(token()).queryParam("user", "USER0999")
                .when().get("/api/v1/admin/users-without-mfa").then().statusCode(200).extract().jsonPath();
        assertThat(prefixed.getList("users.userName", String.class)).allSatisfy(n -> assertThat(n).startsWith("user0999"));
        assertThat(prefixed.getInt("count")).isBetween(1, 10);
    }

    @Test
    void overviewPageShowsFiftyRowsAndFollowsTheNextLink() {
        BrowserSession bob = BrowserSession.signIn(app, "bob");
        Set<String> seen = new HashSet<>();
        Document page = bob.get("/admin");
        for (int i = 0; i < 3; i++) {
            assertThat(bob.status()).isEqualTo(200);
            List<String> serials = page.select("tbody code.serial").eachText();
            assertThat(serials).hasSize(50);
            assertThat(seen).doesNotContainAnyElementsOf(serials);
            seen.addAll(serials);
            String next = page.selectFirst("a[rel=next]").attr("href");
            assertThat(next).startsWith("/admin?marker=");
            page = bob.get(next);
        }
        Document users = bob.get("/admin/users-without-mfa?page=2");
        assertThat(bob.status()).isEqualTo(200);
        assertThat(users.select("tbody tr")).hasSize(50);
        assertThat(users.select("a[rel=prev]")).hasSize(1);
    }

    /** Every row of the overview with these filters, following nextMarker; checks the page sizes on the way. */
    private List<Map<String, Object>> walk(String status, String user) {
        String token = token();
        List<Map<String, Object>> rows = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            RequestSpecification request = given().auth().oauth2(token);
            if (status != null) {
                request.queryParam("status", status);
            }
            if (user != null) {
                request.queryParam("user", user);
            }
            if (marker != null) {
                request.queryParam("marker", marker);
            }
            JsonPath page = request.when().get("/api/v1/admin/devices").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> devices = page.getList("devices");
            marker = page.getString("nextMarker");
            if (marker != null && user == null) {
                assertThat(devices).as("a full page before the last").hasSize(50);
            }
            assertThat(devices).hasSizeLessThanOrEqualTo(50);
            rows.addAll(devices);
            pages++;
            if (pages % 40 == 0) {
                token = token();
            }
        } while (marker != null && pages < 1_000);
        assertThat(marker).as("the walk ends").isNull();
        return rows;
    }

    private static String token() {
        return Tokens.accessToken("bob");
    }
}
