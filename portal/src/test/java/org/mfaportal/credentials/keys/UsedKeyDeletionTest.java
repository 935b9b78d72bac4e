package org.mfaportal.credentials.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfaportal.aws.AccessKey;
import org.mfaportal.aws.AccessKeyMetadata;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.emulator.Faults;
import org.mfaportal.testing.AwsConsole;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The short-lived key is deleted after the answer, in the background (decision 0012). A process that dies right
 * after answering, before that deletion ran, still leaves nothing once the sweeper has run, and the engineer's own
 * key is never touched: on the plain path, the prepared one, and when STS refused a device serial taken from the
 * portal's records and IAM is asked about the device again (answered, or dying while asking). The crash is injected by giving the deletions an executor that holds them: they never run
 * before the sweeper does, as in a process that died after answering.
 */
@QuarkusTest
class UsedKeyDeletionTest {

    private static final String USER = "tina";

    @Inject
    PortalFixture fixture;

    @Inject
    ShortLivedKeys keys;

    @Inject
    AccessKeyLedger ledger;

    @Inject
    AccessKeySweeper sweeper;

    @Inject
    ManagedExecutor executor;

    /** IAM directly, without {@link PortalFixture#iam()}'s wait for the portal's deletions. */
    @Inject
    IamGateway iam;

    /** Deletions the "crashed" process never ran. */
    private final List<Runnable> abandoned = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        keys.deleteUsedKeysOn(executor);
        // what a restarted process would not have: the crashed one's pending work (the keys are swept by now)
        abandoned.forEach(Runnable::run);
        fixture.reset(USER);
    }

    @Test
    void theAnswerDoesNotWaitForTheDeletionAndTheKeyIsGoneAfterwards() {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        keys.deleteUsedKeysOn(executor);

        issue(device);

        // fixture.iam() waits for the background deletion; the ledger row goes with the key
        assertThat(fixture.iam().listAccessKeys(USER)).isEmpty();
        assertThat(ledger.all()).noneMatch(e -> e.userName().equals(USER));
    }

    @Test
    void aCrashAfterTheAnswerLeavesALedgeredKeyThatTheSweeperDeletes() {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        AccessKey own = fixture.iam().createAccessKey(USER);
        crashAfterAnswers();

        issue(device);

        assertCrashLeftOneLedgeredKeyAndTheSweeperTakesItNotTheOwnKey(own);
    }

    @Test
    void aCrashAfterAnsweringWithAPreparedKeyLeavesNothingOnceSwept() {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        AccessKey own = fixture.iam().createAccessKey(USER);
        assertThat(keys.prepare(USER)).isTrue();
        crashAfterAnswers();

        issue(device);

        assertThat(fixture.count("SELECT COUNT(*) FROM prepared_access_key WHERE user_name = ?", USER))
                .as("the prepared key was claimed").isZero();
        assertCrashLeftOneLedgeredKeyAndTheSweeperTakesItNotTheOwnKey(own);
    }

    @Test
    void aCrashAfterAStaleDeviceWasRefusedLeavesNothingOnceSwept() {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        issue(device);
        AccessKey own = fixture.iam().createAccessKey(USER);
        try (AwsConsole console = new AwsConsole(fixture.aws(), fixture.awsEndpoint())) {
            console.removeDevice(USER, device.serialNumber());
        }
        crashAfterAnswers();

        // the serial from the portal's records is refused, IAM is asked again, the answer says the device is gone
        issue(device, 409, "device-no-longer-in-aws");

        assertCrashLeftOneLedgeredKeyAndTheSweeperTakesItNotTheOwnKey(own);
    }

    @Test
    void aCrashWhileIamIsAskedAboutARefusedDeviceLeavesNothingOnceSwept() {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        issue(device);
        AccessKey own = fixture.iam().createAccessKey(USER);
        try (AwsConsole console = new AwsConsole(fixture.aws(), fixture.awsEndpoint())) {
            console.removeDevice(USER, device.serialNumber());
        }
        crashAfterAnswers();
        // the process "dies" while it lists the devices again: that listing never gets an answer
        fixture.aws().setFaults(Faults.builder().serviceUnavailableEveryNth(1).onlyFor("ListMFADevices").build());

        // IAM could not tell, so STS's refusal stands as a wrong code
        issue(device, 400, "mfa-code-invalid");

        fixture.aws().clearFaults();
        assertCrashLeftOneLedgeredKeyAndTheSweeperTakesItNotTheOwnKey(own);
    }

    @Test
    void aUserAtTwoKeysIsNotRefusedWhileTheLastUsedKeyIsStillBeingDeleted() throws Exception {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        fixture.iam().createAccessKey(USER);
        // deletions wait until released, as when IAM is slow to answer a DeleteAccessKey
        List<Runnable> held = new CopyOnWriteArrayList<>();
        keys.deleteUsedKeysOn(held::add);
        issue(device);
        int waitsBefore = keys.limitWaits();
        String code = TestDevices.freshCode(fixture.aws(), device.seed());

        // own key + the used key = IAM's limit of two
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> given()
                .auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/api/v1/credentials").statusCode());
        for (int i = 0; keys.limitWaits() == waitsBefore; i++) {
            assertThat(i).as("the second issuance reached IAM's limit and waits").isLessThan(1000);
            assertThat(second).isNotDone();
            Thread.sleep(10);
        }
        keys.deleteUsedKeysOn(executor);
        held.forEach(Runnable::run);

        assertThat(second.get(30, TimeUnit.SECONDS)).as("no 409: the issuance waited for the deletion").isEqualTo(200);
        assertThat(fixture.iam().listAccessKeys(USER)).hasSize(1);
    }

    private void crashAfterAnswers() {
        // the process dies after answering: nothing after the answer runs
        keys.deleteUsedKeysOn(abandoned::add);
    }

    private void assertCrashLeftOneLedgeredKeyAndTheSweeperTakesItNotTheOwnKey(AccessKey own) {
        var left = iam.listAccessKeys(USER).stream().map(AccessKeyMetadata::accessKeyId).toList();
        assertThat(left).hasSize(2).contains(own.accessKeyId());
        var rows = ledger.all().stream().filter(e -> e.userName().equals(USER)).toList();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).accessKeyId()).as("the ledger knows the key before the answer").isNotNull()
                .isNotEqualTo(own.accessKeyId()).isIn(left);

        int swept = sweeper.sweep(Instant.now().plus(Duration.ofHours(1)));

        assertThat(swept).isEqualTo(1);
        assertThat(iam.listAccessKeys(USER)).extracting(AccessKeyMetadata::accessKeyId)
                .containsExactly(own.accessKeyId());
        assertThat(ledger.all()).noneMatch(e -> e.userName().equals(USER));
    }

    private void issue(Device device) {
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(200);
    }

    private void issue(Device device, int status, String problem) {
        given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON)
                .body(Map.of("code", TestDevices.freshCode(fixture.aws(), device.seed())))
                .when().post("/api/v1/credentials")
                .then().statusCode(status).body("code", org.hamcrest.Matchers.equalTo(problem));
    }
}
