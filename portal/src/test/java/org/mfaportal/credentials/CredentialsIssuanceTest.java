package org.mfaportal.credentials;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.AccessKey;
import org.mfaportal.aws.AwsClients;
import org.mfaportal.aws.CallerIdentity;
import org.mfaportal.aws.StsGateway;
import org.mfaportal.aws.TemporaryCredentials;
import org.mfaportal.credentials.keys.AccessKeyLedger;
import org.mfaportal.credentials.keys.AccessKeySweeper;
import org.mfaportal.credentials.keys.ShortLivedKeys;
import org.mfaportal.credentials.snippets.CredentialFormat;
import org.mfaportal.emulator.Faults;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Subprocess;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Issuing credentials against the built-in emulator: the credentials are proven to belong to the engineer by
 * calling GetCallerIdentity with them, and no access key is ever left behind.
 */
@QuarkusTest
class CredentialsIssuanceTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/engineer-admin";

    @Inject
    PortalFixture fixture;

    @Inject
    StsGateway sts;

    @Inject
    AwsClients clients;

    @Inject
    AccessKeySweeper sweeper;

    @Inject
    ShortLivedKeys keys;

    @Inject
    AccessKeyLedger ledger;

    @AfterEach
    void cleanUp() {
        fixture.reset("mia", "ned", "oscar", "pat", "quinn");
    }

    @Test
    void sessionCredentialsBelongToTheEngineerAndLeaveNoKeyBehind() {
        String token = Tokens.accessToken("mia");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);

        JsonPath json = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "durationSeconds", 3600))
                .when().post("/api/v1/credentials")
                .then().statusCode(200).contentType("application/json").header("Cache-Control", "no-store")
                .extract().jsonPath();

        TemporaryCredentials credentials = new TemporaryCredentials(json.getString("AccessKeyId"),
                json.getString("SecretAccessKey"), json.getString("SessionToken"),
                Instant.parse(json.getString("Expiration")), null, null);
        assertThat(credentials.accessKeyId()).startsWith("ASIA");
        assertThat(Duration.between(fixture.aws().clock().instant(), credentials.expiration()))
                .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        CallerIdentity identity = sts.getCallerIdentity(credentials);
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/engineers/mia");
        assertThat(fixture.iam().listAccessKeys("mia")).isEmpty();
        assertThat(ledger.all()).noneMatch(e -> e.userName().equals("mia"));
    }

    @Test
    void roleCredentialsCarryTheEngineerAsSourceIdentity() {
        String token = Tokens.accessToken("ned");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        given().auth().oauth2(token).when().get("/api/v1/roles")
                .then().statusCode(200).body("[0].arn", equalTo(ROLE)).body("[0].displayName", equalTo("Engineer admin"));

        JsonPath json = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "roleArn", ROLE, "durationSeconds", 7200))
                .when().post("/api/v1/credentials")
                .then().statusCode(200).extract().jsonPath();

        assertThat(json.getString("AssumedRoleArn"))
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/engineer-admin/ned");
        assertThat(json.getString("SourceIdentity")).isEqualTo("ned");
        CallerIdentity identity = sts.getCallerIdentity(new TemporaryCredentials(json.getString("AccessKeyId"),
                json.getString("SecretAccessKey"), json.getString("SessionToken"),
                Instant.parse(json.getString("Expiration")), null, null));
        assertThat(identity.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/engineer-admin/ned");
        assertThat(fixture.iam().listAccessKeys("ned")).isEmpty();
    }

    @Test
    void aRoleTheEngineerIsNotEntitledToLooksLikeNoRole() {
        String token = Tokens.accessToken("ned");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "roleArn",
                        "arn:aws:iam::123456789012:role/root-everything"))
                .when().post("/api/v1/credentials")
                .then().statusCode(404).body("code", equalTo("role-not-found"));
        assertThat(fixture.iam().listAccessKeys("ned")).isEmpty();
    }

    @Test
    void durationsOutsideAwsBoundsAreRefusedBeforeAnythingHappens() {
        String token = Tokens.accessToken("oscar");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        String code = TestDevices.freshCode(fixture.aws(), device.seed());
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("code", code, "durationSeconds", 899),
                Map.of("code", code, "durationSeconds", 129601),
                Map.of("code", code, "durationSeconds", 14401, "roleArn", ROLE))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/credentials")
                    .then().statusCode(400).body("code", equalTo("invalid-input"))
                    .body("errors.durationSeconds", startsWith("Between 900 and"));
        }
        // The code was never sent to AWS, so it still works.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/api/v1/credentials").then().statusCode(200);
    }

    @Test
    void everyFormatIsServedByQueryOrAcceptHeader() {
        String token = Tokens.accessToken("oscar");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        Map<String, String> expected = Map.of("bash", "export AWS_ACCESS_KEY_ID=", "fish", "set -gx AWS_ACCESS_KEY_ID ",
                "powershell", "$Env:AWS_ACCESS_KEY_ID = ", "cmd", "set \"AWS_ACCESS_KEY_ID=", "credentials",
                "aws_access_key_id = ", "dotenv", "AWS_ACCESS_KEY_ID=", "process", "\"Version\":1", "json",
                "\"AccessKeyId\"");
        expected.forEach((format, marker) -> {
            String body = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed()), "profileName", "work"))
                    .when().post("/api/v1/credentials?format=" + format)
                    .then().statusCode(200).header("Cache-Control", "no-store")
                    .contentType(CredentialFormat.fromId(format).mediaType())
                    .extract().asString();
            assertThat(body).as(format).contains(marker);
        });
        String viaAccept = given().auth().oauth2(token).contentType(ContentType.JSON)
                .accept("application/x-aws-credential-process+json")
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(200).extract().asString();
        assertThat(viaAccept).contains("\"Version\":1").contains("\"Expiration\"");
        assertThat(fixture.iam().listAccessKeys("oscar")).isEmpty();
    }

    @Test
    void theBashSnippetWorksInARealShell() throws IOException {
        String token = Tokens.accessToken("pat");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        String snippet = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials?format=bash")
                .then().statusCode(200).extract().asString();
        Path file = Files.createTempFile("creds", ".sh");
        Files.writeString(file, snippet);
        Subprocess bash = Subprocess.of("bash", "-c", "eval \"$(cat \"$1\")\"; printf '%s\\n' \"$AWS_ACCESS_KEY_ID\" "
                + "\"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" \"$AWS_CREDENTIAL_EXPIRATION\"", "bash", file.toString())
                .run(Duration.ofSeconds(30));
        List<String> lines = bash.output().lines().toList();
        assertThat(bash.exitValue()).isZero();
        Files.delete(file);

        CallerIdentity identity = sts.getCallerIdentity(new TemporaryCredentials(lines.get(0), lines.get(1), lines.get(2),
                Instant.parse(lines.get(3)), null, null));
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/engineers/pat");
    }

    @Test
    void aWrongCodeLeavesNoKeyAndCountsTowardsTheLockout() {
        String token = Tokens.accessToken("pat");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.wrongCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(400).body("code", equalTo("mfa-code-invalid"));
        assertThat(fixture.iam().listAccessKeys("pat")).isEmpty();
        assertThat(ledger.all()).noneMatch(e -> e.userName().equals("pat"));
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", "pat")).isEqualTo(1);
    }

    @Test
    void anEngineerWithTwoKeysOfTheirOwnGetsAClearErrorAndKeepsThem() {
        String token = Tokens.accessToken("quinn");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        AccessKey first = fixture.iam().createAccessKey("quinn");
        AccessKey second = fixture.iam().createAccessKey("quinn");

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(409).body("code", equalTo("access-key-limit"));
        assertThat(fixture.iam().listAccessKeys("quinn")).extracting(k -> k.accessKeyId())
                .containsExactlyInAnyOrder(first.accessKeyId(), second.accessKeyId());
    }

    @Test
    void awsThrottlingTheStsCallAnswers503AndLeavesNoKey() {
        String token = Tokens.accessToken("quinn");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        fixture.aws().setFaults(Faults.builder().throttleEveryNth(1).onlyFor("GetSessionToken").build());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(503).body("code", equalTo("aws-throttled")).header("Retry-After", "5");
        assertThat(fixture.iam().listAccessKeys("quinn")).isEmpty();
        assertThat(fixture.count("SELECT COUNT(*) FROM code_failure WHERE user_name = ?", "quinn")).isZero();
    }

    @Test
    void theKeyPropagationDelayIsWaitedOut() {
        String token = Tokens.accessToken("mia");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        fixture.aws().setPropagationDelay(Duration.ofSeconds(2));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(200);
        assertThat(fixture.iam().listAccessKeys("mia")).isEmpty();
    }

    @Test
    void aPreparedKeyIsClaimedByTheNextIssuanceAndThenDeleted() {
        String token = Tokens.accessToken("mia");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        fixture.aws().setPropagationDelay(Duration.ofSeconds(1));
        assertThat(keys.prepare("mia")).isTrue();
        assertThat(keys.prepare("mia")).as("one prepared key at a time").isFalse();
        String prepared = fixture.iam().listAccessKeys("mia").get(0).accessKeyId();
        assertThat(fixture.count("SELECT COUNT(*) FROM prepared_access_key WHERE user_name = ?", "mia")).isEqualTo(1);
        assertThat(fixture.count("SELECT COUNT(*) FROM prepared_access_key WHERE sealed_secret LIKE '%' || ? || '%'",
                prepared)).as("the secret is sealed").isZero();

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(200);

        assertThat(fixture.iam().listAccessKeys("mia")).as("the prepared key was used and deleted; no other was made").isEmpty();
        assertThat(fixture.count("SELECT COUNT(*) FROM prepared_access_key WHERE user_name = ?", "mia")).isZero();
        assertThat(ledger.all()).noneMatch(e -> e.userName().equals("mia"));
    }

    @Test
    void anIssuanceWhileAKeyIsStillBeingPreparedWaitsForThatKeyInsteadOfMakingASecond() throws Exception {
        String token = Tokens.accessToken("mia");
        Device device = TestDevices.enrollAndActivate(fixture.aws(), token);
        fixture.aws().setPropagationDelay(Duration.ofSeconds(2));
        // The code first: moving the emulator clock to a fresh step would also end the key's propagation delay.
        String code = TestDevices.freshCode(fixture.aws(), device.seed());
        CompletableFuture<Boolean> preparation = CompletableFuture.supplyAsync(() -> keys.prepare("mia"));
        String preparing = "SELECT COUNT(*) FROM issued_access_key WHERE user_name = ? AND state = 'PREPARING'"
                + " AND access_key_id IS NOT NULL";
        for (int i = 0; fixture.count(preparing, "mia") == 0; i++) {
            assertThat(i).as("the preparation created its key").isLessThan(500);
            assertThat(preparation).isNotDone();
            Thread.sleep(10);
        }
        assertThat(fixture.iam().listAccessKeys("mia")).as("the key being prepared, not accepted yet").hasSize(1);

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .when().post("/api/v1/credentials")
                .then().statusCode(200);

        assertThat(preparation.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fixture.iam().listAccessKeys("mia")).as("the issuance used the prepared key; no second key lingers")
                .isEmpty();
        assertThat(fixture.count("SELECT COUNT(*) FROM prepared_access_key WHERE user_name = ?", "mia")).isZero();
        assertThat(ledger.all()).noneMatch(e -> e.userName().equals("mia"));
    }

    @Test
    void theSweeperDeletesKeysACrashLeftBehindAndNothingElse() {
        AccessKey own = fixture.iam().createAccessKey("ned");
        // A crash after CreateAccessKey was recorded: the ledger knows the key id.
        long recorded = ledger.begin("ned", "crashed-replica", Instant.now());
        AccessKey leaked = fixture.iam().createAccessKey("ned");
        ledger.created(recorded, leaked.accessKeyId());

        int deleted = sweeper.sweep(Instant.now().plusSeconds(1));

        assertThat(deleted).isEqualTo(1);
        assertThat(fixture.iam().listAccessKeys("ned")).extracting(k -> k.accessKeyId()).containsExactly(own.accessKeyId());
        assertThat(ledger.all()).noneMatch(e -> e.userName().equals("ned"));
    }

    @Test
    void theSweeperFindsAKeyWhoseIdWasNeverRecorded() {
        AccessKey own = fixture.iam().createAccessKey("oscar");
        // Two minutes later (on AWS's clock, which stamps keys) an issuance crashed between CreateAccessKey and
        // recording the key id. Ledger times are on the same clock as AWS's here, as in production.
        fixture.aws().advanceClock(Duration.ofMinutes(2));
        Instant crash = fixture.aws().clock().instant();
        long unrecorded = ledger.begin("oscar", "crashed-replica", crash);
        AccessKey leaked = fixture.iam().createAccessKey("oscar");

        int deleted = sweeper.sweep(crash.plusSeconds(1));

        assertThat(deleted).isEqualTo(1);
        assertThat(fixture.iam().listAccessKeys("oscar")).extracting(k -> k.accessKeyId()).containsExactly(own.accessKeyId())
                .doesNotContain(leaked.accessKeyId());
        assertThat(ledger.all()).noneMatch(e -> e.id() == unrecorded);
    }

    @Test
    void revokingSessionsPutsATokenIssueTimeDenyPolicyOnTheUser() {
        String token = Tokens.accessToken("pat");
        String revokedBefore = given().auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/api/v1/sessions/revoke")
                .then().statusCode(200).extract().jsonPath().getString("revokedBefore");
        String document = java.net.URLDecoder.decode(clients.iam().getUserPolicy(r -> r.userName("pat")
                .policyName(SessionRevoker.POLICY_NAME)).policyDocument(), StandardCharsets.UTF_8);
        assertThat(document).contains("\"Effect\":\"Deny\"").contains("aws:TokenIssueTime").contains(revokedBefore);
    }

}
