package org.mfaportal.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.mfaportal.audit.AuditFilter;
import org.mfaportal.audit.AuditQuery;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Who may use the admin console: every admin route, page and API, GET and POST, answers 403 to an engineer who is
 * not an admin (alice) and changes nothing, and the API answers 401 without a token. The matrix is checked against
 * the routes the resource classes declare, so a new route cannot be left out.
 */
@QuarkusTest
class AdminAccessTest {

    /** A route with the values to call it with. */
    record Route(String method, String template, String path, Map<String, String> form) {
        String key() {
            return method + " " + template;
        }
    }

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @Inject
    AuditQuery auditQuery;

    private static final String SERIAL_PARAM = "arn:aws:iam::123456789012:mfa/engineers/judy/judy";

    static List<Route> pageRoutes() {
        Map<String, String> deactivate = Map.of("serialNumber", SERIAL_PARAM, "reason", "lost phone");
        return List.of(
                new Route("GET", "/admin", "/admin", Map.of()),
                new Route("GET", "/admin/users-without-mfa", "/admin/users-without-mfa", Map.of()),
                new Route("GET", "/admin/users/{userName}", "/admin/users/judy", Map.of()),
                new Route("GET", "/admin/users/{userName}/mfa/deactivate",
                        "/admin/users/judy/mfa/deactivate?serialNumber=" + SERIAL_PARAM, Map.of()),
                new Route("POST", "/admin/users/{userName}/mfa/deactivate", "/admin/users/judy/mfa/deactivate",
                        deactivate),
                new Route("POST", "/admin/users/{userName}/sessions/revoke", "/admin/users/judy/sessions/revoke",
                        Map.of("reason", "stolen laptop")),
                new Route("GET", "/admin/orphans", "/admin/orphans?olderThanMinutes=1", Map.of()),
                new Route("POST", "/admin/orphans/cleanup", "/admin/orphans/cleanup",
                        Map.of("olderThanMinutes", "1", "dryRun", "false")),
                new Route("GET", "/admin/audit", "/admin/audit", Map.of()),
                new Route("GET", "/admin/audit/export", "/admin/audit/export?format=csv", Map.of()));
    }

    static List<Route> apiRoutes() {
        return List.of(
                new Route("GET", "/api/v1/admin/devices", "/api/v1/admin/devices", Map.of()),
                new Route("GET", "/api/v1/admin/users-without-mfa", "/api/v1/admin/users-without-mfa", Map.of()),
                new Route("GET", "/api/v1/admin/users/{userName}", "/api/v1/admin/users/judy", Map.of()),
                new Route("POST", "/api/v1/admin/users/{userName}/mfa/deactivate",
                        "/api/v1/admin/users/judy/mfa/deactivate",
                        Map.of("serialNumber", SERIAL_PARAM, "reason", "lost phone")),
                new Route("POST", "/api/v1/admin/users/{userName}/sessions/revoke",
                        "/api/v1/admin/users/judy/sessions/revoke", Map.of("reason", "stolen laptop")),
                new Route("POST", "/api/v1/admin/orphans/cleanup", "/api/v1/admin/orphans/cleanup",
                        Map.of("olderThanMinutes", "1", "dryRun", "false")),
                new Route("GET", "/api/v1/admin/audit", "/api/v1/admin/audit", Map.of()),
                new Route("GET", "/api/v1/admin/audit/export", "/api/v1/admin/audit/export?format=json", Map.of()));
    }

    @Test
    void matrixCoversEveryDeclaredAdminRoute() {
        Set<String> declared = new HashSet<>();
        declared.addAll(declaredRoutes(AdminPage.class));
        declared.addAll(declaredRoutes(AdminApi.class));
        Set<String> tested = new HashSet<>();
        pageRoutes().forEach(r -> tested.add(r.key()));
        apiRoutes().forEach(r -> tested.add(r.key()));
        assertThat(tested).isEqualTo(declared);
    }

    @Test
    void engineerGets403EverywhereAndNothingChanges() {
        prepareJudy();
        EngineerState before = judysState();
        assertThat(before.judyMfaState()).isEqualTo("ACTIVE");
        assertThat(before.orphanExists()).isTrue();
        BrowserSession alice = BrowserSession.signIn(app, "alice");
        String csrf = Engineers.csrfToken(alice);
        for (Route route : pageRoutes()) {
            Document page;
            if (route.method().equals("GET")) {
                page = alice.get(route.path());
            } else {
                Map<String, String> form = new LinkedHashMap<>(route.form());
                form.put("csrf-token", csrf);
                page = alice.postRaw(route.path(), form);
            }
            assertThat(alice.status()).as(route.key()).isEqualTo(403);
            assertThat(page.select("code").eachText()).as(route.key()).contains("not-allowed");
        }
        String token = Tokens.accessToken("alice");
        for (Route route : apiRoutes()) {
            var request = given().auth().oauth2(token).redirects().follow(false);
            var response = route.method().equals("GET") ? request.when().get(route.path())
                    : request.contentType(ContentType.JSON).body(route.form()).when().post(route.path());
            response.then().statusCode(403).contentType("application/problem+json").body("code", equalTo("not-allowed"));
        }
        given().auth().oauth2(token).accept("text/csv").when().get("/api/v1/admin/audit")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("not-allowed"));
        assertThat(judysState()).isEqualTo(before);
    }

    @Test
    void apiWithoutTokenAnswers401() {
        for (Route route : apiRoutes()) {
            var request = given().redirects().follow(false);
            var response = route.method().equals("GET") ? request.when().get(route.path())
                    : request.contentType(ContentType.JSON).body(route.form()).when().post(route.path());
            assertThat(response.statusCode()).as(route.key()).isEqualTo(401);
        }
    }

    @Test
    void adminOpensEveryPage() {
        BrowserSession bob = BrowserSession.signIn(app, "bob");
        for (String path : List.of("/admin", "/admin/users-without-mfa", "/admin/users/judy", "/admin/orphans",
                "/admin/audit")) {
            Document page = bob.get(path);
            assertThat(bob.status()).as(path).isEqualTo(200);
            assertThat(page.select("nav[aria-label=Admin] a")).as(path).hasSize(4);
            assertThat(page.select("form[method=post]")).as(path)
                    .allSatisfy(form -> assertThat(form.select("input[name=csrf-token]")).hasSize(1));
        }
    }

    /** What alice's attempts could have changed: judy's device, an orphan in judy's path, judy's audit events. */
    record EngineerState(String judyMfaState, boolean orphanExists, int judyEvents) {
    }

    private static final String JUDY_ORPHAN = "arn:aws:iam::123456789012:mfa/engineers/judy/judy-leftover";

    /** Judy gets an active device and an orphan in her path, for alice to fail to touch. */
    private void prepareJudy() {
        if (!"ACTIVE".equals(Engineers.mfaState("judy"))) {
            Engineers.enrollAndActivate(fixture.aws(), "judy");
        }
        if (fixture.aws().seedOf(JUDY_ORPHAN).isEmpty()) {
            fixture.iam().createVirtualMfaDevice("/engineers/judy/", "judy-leftover", Map.of());
        }
    }

    private EngineerState judysState() {
        List<Object> events = new ArrayList<>();
        auditQuery.forEach(AuditFilter.forUser("judy"), events::add);
        return new EngineerState(Engineers.mfaState("judy"), fixture.aws().seedOf(JUDY_ORPHAN).isPresent(),
                events.size());
    }

    private static Set<String> declaredRoutes(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        Set<String> routes = new HashSet<>();
        for (Method method : resource.getDeclaredMethods()) {
            String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(POST.class) ? "POST"
                    : null;
            if (verb != null) {
                Path path = method.getAnnotation(Path.class);
                routes.add(verb + " " + base + (path == null ? "" : path.value()));
            }
        }
        return routes;
    }
}
