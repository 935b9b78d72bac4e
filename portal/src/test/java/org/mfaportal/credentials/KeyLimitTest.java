package org.mfaportal.credentials;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.AccessKey;
import org.mfaportal.aws.AccessKeyMetadata;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An issuance that crashed (on any replica) leaves its short-lived key, which may fill the engineer's two key slots
 * (issue #14, item 8). The next issuance that hits the limit removes such a key at once if the ledger shows it is
 * older than an issuance can last, and never a key the portal did not make.
 */
@QuarkusTest
class KeyLimitTest {

    static final String USER = "yuri";

    @Inject
    PortalFixture fixture;

    @Inject
    DataSource dataSource;

    String token;
    Device device;

    @BeforeEach
    void activeDevice() {
        fixture.reset(USER);
        token = Tokens.accessToken(USER);
        device = TestDevices.enrollAndActivate(fixture.aws(), token);
    }

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
        fixture.forgetAudit(USER);
    }

    @Test
    void aCrashedIssuancesKeyIsRemovedAtOnceWhenItBlocksTheNextAndTheUsersOwnKeyStays() {
        AccessKey own = fixture.iam().createAccessKey(USER);
        AccessKey crashed = fixture.iam().createAccessKey(USER);
        ledger(crashed.accessKeyId(), Instant.now().minus(Duration.ofMinutes(3)));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "durationSeconds", 900))
                .when().post("/api/v1/credentials?format=json")
                .then().statusCode(200);

        assertThat(fixture.iam().listAccessKeys(USER)).extracting(AccessKeyMetadata::accessKeyId)
                .containsExactly(own.accessKeyId());
        assertThat(fixture.count("SELECT COUNT(*) FROM issued_access_key WHERE user_name = ?", USER)).isZero();
    }

    @Test
    void aKeyOfAnIssuanceStillInProgressIsLeftAloneAndTheLimitIsReported() {
        AccessKey own = fixture.iam().createAccessKey(USER);
        AccessKey inProgress = fixture.iam().createAccessKey(USER);
        ledger(inProgress.accessKeyId(), Instant.now().minus(Duration.ofSeconds(5)));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "durationSeconds", 900))
                .when().post("/api/v1/credentials?format=json")
                .then().statusCode(409).body("code", equalTo("access-key-limit"));

        assertThat(fixture.iam().listAccessKeys(USER)).extracting(AccessKeyMetadata::accessKeyId)
                .containsExactlyInAnyOrder(own.accessKeyId(), inProgress.accessKeyId());
    }

    @Test
    void twoKeysOfTheUsersOwnAreNeverTouched() {
        AccessKey first = fixture.iam().createAccessKey(USER);
        AccessKey second = fixture.iam().createAccessKey(USER);

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "durationSeconds", 900))
                .when().post("/api/v1/credentials?format=json")
                .then().statusCode(409).body("code", equalTo("access-key-limit"));

        assertThat(fixture.iam().listAccessKeys(USER)).extracting(AccessKeyMetadata::accessKeyId)
                .containsExactlyInAnyOrder(first.accessKeyId(), second.accessKeyId());
    }

    /** A ledger row as an issuance that crashed after creating its key leaves it. */
    private void ledger(String accessKeyId, Instant startedAt) {
        String sql = "INSERT INTO issued_access_key (user_name, access_key_id, state, started_at, owner)"
                + " VALUES (?, ?, 'ACTIVE', ?, 'crashed')";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, USER);
            ps.setString(2, accessKeyId);
            ps.setTimestamp(3, Timestamp.from(startedAt));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
