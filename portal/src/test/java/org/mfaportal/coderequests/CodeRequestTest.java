package org.mfaportal.coderequests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Code requests through the API and the page, with real tokens and a signed-in browser session: bound to the
 * person of the helper's token and to its poll secret, answered once, refusable, expiring, audited, never cached, and
 * never holding a code.
 */
@QuarkusTest
class CodeRequestTest {

    private static final String USER = "tara";
    private static final String OTHER = "toby";

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @AfterEach
    void cleanUp() {
        fixture.reset(USER, OTHER);
        fixture.forgetAudit(USER, OTHER);
    }

    @Test
    void theEngineerSeesWhichMachineAndCommandAskTypesTheCodeAndTheHelperGetsTheCredentialsOnce() {
        String token = Tokens.accessToken(USER);
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        JsonPath opened = open(token, Map.of("machine", "tara-laptop", "command", "aws s3 ls --profile mfa",
                "durationSeconds", 3600));
        String id = opened.getString("id");
        String secret = opened.getString("pollSecret");
        assertThat(opened.getString("url")).isEqualTo(app.toString().replaceAll("/$", "") + "/code-requests/" + id);
        poll(token, id, secret).then().statusCode(202).header("Cache-Control", "no-store").body("status", equalTo("PENDING"));

        BrowserSession browser = BrowserSession.signIn(app, USER);
        Document page = browser.get("/code-requests/" + id);
        assertThat(browser.status()).isEqualTo(200);
        assertThat(page.selectFirst("#request-machine").text()).isEqualTo("tara-laptop");
        assertThat(page.selectFirst("#request-command").text()).isEqualTo("aws s3 ls --profile mfa");
        String code = TestDevices.freshCode(fixture.aws(), device.seed());
        Document done = browser.submitForm(page, "/code-requests/" + id, Map.of("code", code));
        assertThat(browser.status()).as(done.text()).isEqualTo(200);
        assertThat(done.selectFirst("#request-done")).isNotNull();
        assertThat(browser.lastResponse().headers().firstValue("Cache-Control")).contains("no-store");

        String credentials = poll(token, id, secret).then().statusCode(200).header("Cache-Control", "no-store")
                .contentType(startsWith("application/x-aws-credential-process+json")).extract().asString();
        assertThat(credentials).contains("\"Version\":1").contains("\"AccessKeyId\":\"ASIA");
        // Works once: the credentials are gone from the portal.
        poll(token, id, secret).then().statusCode(410).body("code", equalTo("code-request-used"));
        assertThat(fixture.count("SELECT COUNT(*) FROM code_request WHERE id = ? AND credentials IS NOT NULL", id))
                .isZero();
        // Audited, without the code.
        for (String action : new String[] { "CODE_REQUESTED", "CODE_REQUEST_ANSWERED", "CODE_REQUEST_DELIVERED" }) {
            assertThat(fixture.count("SELECT COUNT(*) FROM audit_event WHERE target_user = '" + USER + "' AND action = ?",
                    action)).as(action).isEqualTo(1);
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM audit_event WHERE COALESCE(detail, '') || COALESCE(reason, '') LIKE ?",
                "%" + code + "%"))
                .isZero();
        assertThat(fixture.iam().listAccessKeys(USER)).isEmpty();
    }

    @Test
    void withTwoDevicesThePageOffersBothAndTakesTheCodeFromTheOneChosenOrAskedFor() {
        String token = Tokens.accessToken(USER);
        Device phone = TestDevices.enrollAndActivate(fixture.aws(), token, "phone");
        Device backup = TestDevices.enrollAndActivate(fixture.aws(), token, "backup");
        // she used her backup last: the page chooses it unless she picks another
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code",
                TestDevices.freshCode(fixture.aws(), backup.seed()), "serialNumber", backup.serialNumber()))
                .when().post("/api/v1/credentials").then().statusCode(200);
        JsonPath opened = open(token, Map.of("machine", "tara-laptop"));
        String id = opened.getString("id");

        BrowserSession browser = BrowserSession.signIn(app, USER);
        Document page = browser.get("/code-requests/" + id);
        assertThat(page.select("select[name=serialNumber] option").eachText())
                .containsExactly("phone (authenticator app)", "backup (authenticator app)");
        assertThat(page.selectFirst("select[name=serialNumber] option[selected]").text())
                .isEqualTo("backup (authenticator app)");

        // a code from the phone with the backup chosen is a wrong code that names the backup
        Document wrong = browser.submitForm(page, "/code-requests/" + id, Map.of("serialNumber", backup.serialNumber(),
                "code", TestDevices.freshCode(fixture.aws(), phone.seed())));
        assertThat(browser.status()).isEqualTo(400);
        assertThat(wrong.text()).contains("\"backup\"");
        assertThat(wrong.selectFirst("select[name=serialNumber] option[selected]").text())
                .isEqualTo("backup (authenticator app)");

        Document done = browser.submitForm(wrong, "/code-requests/" + id, Map.of("serialNumber", phone.serialNumber(),
                "code", TestDevices.freshCode(fixture.aws(), phone.seed())));
        assertThat(browser.status()).as(done.text()).isEqualTo(200);
        assertThat(done.selectFirst("#request-done")).isNotNull();
        poll(token, id, opened.getString("pollSecret")).then().statusCode(200);

        // the helper's --device: the page preselects that device; one she does not have is refused at once
        String asked = open(token, Map.of("machine", "tara-laptop", "deviceName", "BACKUP")).getString("id");
        assertThat(browser.get("/code-requests/" + asked).selectFirst("select[name=serialNumber] option[selected]")
                .text()).isEqualTo("backup (authenticator app)");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("machine", "tara-laptop", "deviceName", "tablet")).when().post("/api/v1/code-requests")
                .then().statusCode(404).body("code", equalTo("device-not-found"));
    }

    @Test
    void aRequestBelongsToThePersonOfTheHelpersTokenAndToItsPollSecret() {
        String token = Tokens.accessToken(USER);
        TestDevices.enrollAndActivate(fixture.aws(), token);
        JsonPath opened = open(token, Map.of("machine", "tara-laptop"));
        String id = opened.getString("id");

        poll(Tokens.accessToken(OTHER), id, opened.getString("pollSecret")).then().statusCode(404)
                .body("code", equalTo("code-request-not-found"));
        poll(token, id, "not-the-secret").then().statusCode(404).body("code", equalTo("code-request-not-found"));
        BrowserSession other = BrowserSession.signIn(app, OTHER);
        other.get("/code-requests/" + id);
        assertThat(other.status()).isEqualTo(404);
        other.postRaw("/code-requests/" + id + "/refuse", Map.of());
        assertThat(other.status()).isIn(403, 404);
        poll(token, id, opened.getString("pollSecret")).then().statusCode(202);
    }

    @Test
    void theEngineerCanRefuseAndTheHelperIsToldSo() {
        String token = Tokens.accessToken(USER);
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        JsonPath opened = open(token, Map.of("machine", "build-agent-7", "command", "terraform apply"));
        String id = opened.getString("id");

        BrowserSession browser = BrowserSession.signIn(app, USER);
        Document page = browser.get("/code-requests/" + id);
        Document refused = browser.submitForm(page, "/code-requests/" + id + "/refuse", Map.of());
        assertThat(refused.selectFirst("#request-refused")).isNotNull();

        poll(token, id, opened.getString("pollSecret")).then().statusCode(410).body("code", equalTo("code-request-refused"));
        Document late = browser.get("/code-requests/" + id);
        assertThat(late.select("input[name=code]")).isEmpty();
        browser.submitForm(page, "/code-requests/" + id, Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())));
        assertThat(browser.status()).isEqualTo(410);
        assertThat(fixture.count("SELECT COUNT(*) FROM audit_event WHERE target_user = ? AND action = 'CODE_REQUEST_REFUSED'",
                USER)).isEqualTo(1);
        assertThat(fixture.count("SELECT COUNT(*) FROM audit_event WHERE target_user = ? AND action = 'CREDENTIALS_ISSUED'",
                USER)).isZero();
    }

    @Test
    void anExpiredRequestCanNeitherBeAnsweredNorCollected() {
        String token = Tokens.accessToken(USER);
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        JsonPath opened = open(token, Map.of("machine", "tara-laptop"));
        String id = opened.getString("id");
        BrowserSession browser = BrowserSession.signIn(app, USER);
        Document page = browser.get("/code-requests/" + id);
        fixture.execute("UPDATE code_request SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' SECOND WHERE id = ?", id);

        browser.submitForm(page, "/code-requests/" + id, Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())));
        assertThat(browser.status()).isEqualTo(410);
        poll(token, id, opened.getString("pollSecret")).then().statusCode(410).body("code", equalTo("code-request-expired"));
        assertThat(fixture.iam().listAccessKeys(USER)).isEmpty();
    }

    @Test
    void aWrongCodeIsShownOnThePageAndTheRequestStaysOpen() {
        String token = Tokens.accessToken(USER);
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        JsonPath opened = open(token, Map.of("machine", "tara-laptop"));
        String id = opened.getString("id");
        BrowserSession browser = BrowserSession.signIn(app, USER);
        Document page = browser.get("/code-requests/" + id);

        Document wrong = browser.submitForm(page, "/code-requests/" + id,
                Map.of("code", TestDevices.wrongCode(fixture.aws(), device.seed())));

        assertThat(browser.status()).isEqualTo(400);
        assertThat(wrong.selectFirst("#form-error")).isNotNull();
        assertThat(wrong.select("input[name=code]")).hasSize(1);
        poll(token, id, opened.getString("pollSecret")).then().statusCode(202);
    }

    @Test
    void badRequestsAreRefusedAndOpenRequestsAreBounded() {
        String token = Tokens.accessToken(USER);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("format", "yaml"))
                .when().post("/api/v1/code-requests").then().statusCode(400).body("code", equalTo("invalid-input"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("roleArn", "arn:aws:iam::123456789012:role/not-mine"))
                .when().post("/api/v1/code-requests").then().statusCode(404).body("code", equalTo("role-not-found"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("durationSeconds", 60))
                .when().post("/api/v1/code-requests").then().statusCode(400).body("code", equalTo("invalid-input"));
        given().contentType(ContentType.JSON).body(Map.of("machine", "x"))
                .when().post("/api/v1/code-requests").then().statusCode(401);
        for (int i = 0; i < 5; i++) {
            open(token, Map.of("machine", "m" + i));
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("machine", "one-too-many"))
                .when().post("/api/v1/code-requests").then().statusCode(429)
                .body("code", equalTo("too-many-code-requests")).header("Retry-After", equalTo("300"));
    }

    private static JsonPath open(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/code-requests")
                .then().statusCode(201).header("Cache-Control", "no-store").extract().jsonPath();
    }

    private static Response poll(String token, String id, String secret) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).accept("*/*")
                .body(Map.of("pollSecret", secret)).when().post("/api/v1/code-requests/" + id + "/poll");
    }
}
