package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfaportal.emulator.AwsErrors.assertAwsError;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The fault knobs, through the Java API and through the control endpoint. */
class FaultInjectionTest {

    private EmulatorFixture aws;

    @BeforeEach
    void start() {
        aws = new EmulatorFixture();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void throttlingEveryNthCallAnswersThrottling() {
        aws.emulator.setFaults(Faults.builder().throttleEveryNth(3).build());

        aws.iam.listUsers();
        aws.iam.listUsers();
        var e = assertAwsError(() -> aws.iam.listUsers(), "Throttling", 400);
        assertThat(e.isThrottlingException()).isTrue();
        aws.iam.listUsers();
        aws.iam.listUsers();
        assertAwsError(() -> aws.sts.getCallerIdentity(), "Throttling", 400);
    }

    @Test
    void throttlingCanBeLimitedToGivenActions() {
        aws.emulator.setFaults(Faults.builder().throttleEveryNth(1).onlyFor("GetCallerIdentity").build());

        for (int i = 0; i < 3; i++) {
            aws.iam.listUsers();
        }
        assertAwsError(() -> aws.sts.getCallerIdentity(), "Throttling", 400);
    }

    @Test
    void throttlingByRateAnswersThrottlingAboveTheLimitWithinOneSecond() {
        aws.emulator.setFaults(Faults.builder().throttleRatePerSecond(2).build());

        aws.iam.listUsers();
        aws.iam.listUsers();
        assertAwsError(() -> aws.iam.listUsers(), "Throttling", 400);
        aws.emulator.advanceClock(java.time.Duration.ofSeconds(1));
        aws.iam.listUsers();
    }

    @Test
    void injectedServerErrorsAnswer503And500() {
        aws.emulator.setFaults(Faults.builder().serviceUnavailableEveryNth(1).build());
        var unavailable = assertAwsError(() -> aws.iam.listUsers(), "ServiceUnavailable", 503);
        assertThat(unavailable.getMessage()).contains("Service is unable to handle request");

        aws.emulator.setFaults(Faults.builder().internalFailureEveryNth(1).build());
        assertAwsError(() -> aws.sts.getCallerIdentity(), "InternalFailure", 500);

        aws.emulator.clearFaults();
        assertThat(aws.iam.listUsers().users()).isEmpty();
    }

    @Test
    void droppedConnectionLeavesTheClientWithoutAnAnswer() {
        aws.emulator.setFaults(Faults.builder().dropConnectionEveryNth(1).onlyFor("CreateUser").build());

        assertThatThrownBy(() -> aws.createUser("alice", "/")).isInstanceOf(SdkClientException.class)
                .isNotInstanceOf(AwsServiceException.class);
        // the request was dropped before it ran
        aws.emulator.clearFaults();
        aws.createUser("alice", "/");
    }

    @Test
    void injectedLatencyDelaysTheAnswer() {
        aws.emulator.setFaults(Faults.builder().latencyMillis(300).build());

        long started = System.nanoTime();
        aws.sts.getCallerIdentity();

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void probabilisticFaultsRepeatWithTheSameSeed() {
        List<String> first = outcomes(7);
        List<String> second = outcomes(7);
        List<String> otherSeed = outcomes(8);

        assertThat(first).isEqualTo(second).contains("ok", "Throttling");
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private List<String> outcomes(long seed) {
        aws.emulator.setFaults(Faults.builder().throttleProbability(0.5).seed(seed).build());
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            try {
                aws.sts.getCallerIdentity();
                outcomes.add("ok");
            } catch (AwsServiceException e) {
                outcomes.add(e.awsErrorDetails().errorCode());
            }
        }
        return outcomes;
    }

    @Test
    void controlEndpointSetsFaultsAdvancesTheClockAndResets() {
        RawAwsClient control = new RawAwsClient(aws.endpoint);
        aws.createUser("alice", "/");

        RawAwsClient.Reply faults = control.control("POST", "/_emulator/faults",
                "{\"throttleEveryNth\":1,\"actions\":[\"ListUsers\"]}");
        assertThat(faults.status()).isEqualTo(200);
        assertThat(faults.body()).contains("\"throttleEveryNth\":1");
        assertAwsError(() -> aws.iam.listUsers(), "Throttling", 400);

        RawAwsClient.Reply clock = control.control("POST", "/_emulator/clock", "{\"advanceSeconds\":30}");
        assertThat(clock.body()).contains("\"offsetSeconds\":30").contains("2026-01-01T00:00:30Z");
        assertThat(aws.emulator.clock().instant()).isEqualTo(EmulatorFixture.START.plusSeconds(30));

        RawAwsClient.Reply delay = control.control("POST", "/_emulator/propagation-delay", "{\"seconds\":5}");
        assertThat(delay.status()).isEqualTo(200);
        assertThat(aws.emulator.propagationDelay()).hasSeconds(5);

        RawAwsClient.Reply reset = control.control("POST", "/_emulator/reset", null);
        assertThat(reset.status()).isEqualTo(200);
        assertThat(aws.iam.listUsers().users()).isEmpty();
        assertThat(aws.emulator.clock().instant()).isEqualTo(EmulatorFixture.START);
        assertThat(aws.emulator.propagationDelay()).isZero();
    }

    @Test
    void controlEndpointReportsStateWithoutSecrets() {
        aws.enrolledUser("alice");
        aws.createDevice("orphan");
        aws.accessKey("alice");
        RawAwsClient control = new RawAwsClient(aws.endpoint);

        RawAwsClient.Reply state = control.control("GET", "/_emulator/state", null);

        assertThat(state.status()).isEqualTo(200);
        assertThat(state.body()).contains("\"users\":1", "\"virtualMfaDevices\":2", "\"assignedDevices\":1",
                "\"unassignedDevices\":1", "\"accessKeys\":1").doesNotContain(aws.emulator.portalSecretAccessKey());
    }

    @Test
    void controlEndpointRejectsUnknownRoutesAndBadBodies() {
        RawAwsClient control = new RawAwsClient(aws.endpoint);

        assertThat(control.control("GET", "/_emulator/nope", null).status()).isEqualTo(404);
        assertThat(control.control("POST", "/_emulator/clock", "{\"advance\":30}").status()).isEqualTo(400);
        assertThat(control.control("POST", "/_emulator/faults", "{\"throttleEveryNth\":-1}").status())
                .isEqualTo(400);
        assertThat(control.control("POST", "/_emulator/faults", "{\"typo\":1}").status()).isEqualTo(400);
    }
}
