package org.mfaportal.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Yes/no input is {@code true} or {@code false} and nothing else, everywhere (issue #14, item 7); a destructive
 * operation whose flag is missing takes the safe side. An orphan that must survive every malformed request proves
 * nothing was done.
 */
@QuarkusTest
class StrictBooleansTest {

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    String orphan;

    @AfterEach
    void cleanUp() {
        fixture.reset("ivan");
    }

    @Test
    void theCleanupPageRefusesAnythingButTrueOrFalseAndDefaultsToADryRun() {
        orphan = orphan();
        BrowserSession bob = BrowserSession.signIn(app, "bob");
        String csrf = Engineers.csrfToken(bob);
        for (String value : List.of("maybe", "1", "on", "TRUE", "false ", "yes")) {
            Map<String, String> form = new LinkedHashMap<>(Map.of("csrf-token", csrf, "olderThanMinutes", "60",
                    "dryRun", value, "serialNumber", orphan));
            bob.postRaw("/admin/orphans/cleanup", form);
            assertThat(bob.status()).as("dryRun=%s", value).isEqualTo(400);
            assertThat(fixture.aws().seedOf(orphan)).as("dryRun=%s deleted the orphan", value).isPresent();
        }
        bob.postRaw("/admin/orphans/cleanup", Map.of("csrf-token", csrf, "olderThanMinutes", "60",
                "serialNumber", orphan));
        assertThat(bob.status()).as("without dryRun: a preview").isEqualTo(200);
        assertThat(fixture.aws().seedOf(orphan)).as("a missing dryRun deleted the orphan").isPresent();
    }

    @Test
    void theCleanupApiRefusesAnythingButJsonTrueOrFalse() {
        orphan = orphan();
        for (Object value : List.of("maybe", "false", "", 0, 1)) {
            given().auth().oauth2(Tokens.accessToken("bob")).contentType(ContentType.JSON)
                    .body(Map.of("olderThanMinutes", 60, "dryRun", value, "serialNumber", orphan))
                    .when().post("/api/v1/admin/orphans/cleanup")
                    .then().statusCode(400).contentType("application/problem+json");
            assertThat(fixture.aws().seedOf(orphan)).as("dryRun=%s deleted the orphan", value).isPresent();
        }
        given().auth().oauth2(Tokens.accessToken("bob")).contentType(ContentType.JSON)
                .body(Map.of("olderThanMinutes", 60, "serialNumber", orphan))
                .when().post("/api/v1/admin/orphans/cleanup")
                .then().statusCode(200).body("dryRun", equalTo(true));
        assertThat(fixture.aws().seedOf(orphan)).isPresent();
    }

    @Test
    void otherYesNoInputIsStrictToo() {
        given().auth().oauth2(Tokens.accessToken("ivan")).contentType(ContentType.JSON)
                .body(Map.of("code", "123456", "confirm", "yes"))
                .when().post("/api/v1/mfa/remove")
                .then().statusCode(400).contentType("application/problem+json").body("code", notNullValue());
        BrowserSession ivan = BrowserSession.signIn(app, "ivan");
        ivan.get("/credentials?revoked=maybe");
        assertThat(ivan.status()).isEqualTo(400);
    }

    private String orphan() {
        return fixture.iam().createVirtualMfaDevice("/engineers/ivan/", "ivan-strict-" + System.nanoTime(), Map.of())
                .serialNumber();
    }
}
