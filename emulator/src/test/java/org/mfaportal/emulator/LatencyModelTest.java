package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfaportal.emulator.AwsErrors.assertAwsError;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.mfaportal.emulator.LatencyModel.Profile;
import org.mfaportal.emulator.LatencyModel.ServiceLatency;

import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The latency model: per-service latency with jitter, the handshakes of a new connection, propagation delays drawn
 * from a range, the named profiles, and their knobs (options, control endpoint). Only lower bounds are timed: an
 * emulator told to wait must have waited at least that long; how much longer a busy machine adds is not its
 * behaviour.
 */
class LatencyModelTest {

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
    void drawnLatencyIsTheBasePlusABoundedJitterPlusTheHandshakesOnANewConnection() {
        ServiceLatency latency = new ServiceLatency(80, 10, 160);
        Random random = new Random(1);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long drawn = latency.draw(random, false);
            assertThat(drawn).isBetween(80L, 80L + 50);
            seen.add(drawn);
        }
        assertThat(seen).as("jitter varies the latency").hasSizeGreaterThan(10);
        assertThat(latency.draw(new Random(7), true)).isEqualTo(latency.draw(new Random(7), false) + 160);
        assertThat(new ServiceLatency(15, 0, 0).draw(random, true)).isEqualTo(15);
        assertThatThrownBy(() -> new ServiceLatency(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void iamAndStsHaveTheirOwnLatency() {
        aws.emulator.setLatency(new LatencyModel(new ServiceLatency(300, 0, 0), ServiceLatency.NONE));
        assertThat(elapsedMillis(() -> aws.iam.listUsers())).isGreaterThanOrEqualTo(300);

        aws.emulator.setLatency(new LatencyModel(ServiceLatency.NONE, new ServiceLatency(300, 0, 0)));
        assertThat(elapsedMillis(() -> aws.sts.getCallerIdentity())).isGreaterThanOrEqualTo(300);
    }

    @Test
    void onlyTheFirstCallOnAConnectionPaysTheHandshakes() {
        aws.emulator.setLatency(new LatencyModel(new ServiceLatency(0, 0, 200), ServiceLatency.NONE));
        long before = aws.server.connectionsOpened();

        long first = elapsedMillis(() -> aws.iam.listUsers());
        aws.iam.listUsers();
        aws.iam.listUsers();

        assertThat(first).isGreaterThanOrEqualTo(200);
        assertThat(aws.server.connectionsOpened() - before).as("the SDK client keeps its connection").isEqualTo(1);
        RawAwsClient other = new RawAwsClient(aws.endpoint);
        other.control("GET", "/_emulator/state", null);
        assertThat(aws.server.connectionsOpened() - before).as("the control endpoint is no AWS call").isEqualTo(1);
    }

    @Test
    void eachNewKeyGetsAPropagationDelayDrawnFromTheRange() {
        aws.emulator.setPropagationDelay(Duration.ofSeconds(4), Duration.ofSeconds(12));
        Set<Duration> drawn = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration delay = aws.emulator.drawPropagationDelay();
            assertThat(delay).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
            drawn.add(delay);
        }
        assertThat(drawn).hasSizeGreaterThan(100);

        aws.createUser("alice", "/");
        AccessKey key = aws.accessKey("alice");
        aws.emulator.advanceClock(Duration.ofMillis(3999));
        assertAwsError(() -> aws.sts(key).getCallerIdentity(), "InvalidClientTokenId", 403);
        aws.emulator.advanceClock(Duration.ofMillis(8001));
        assertThat(aws.sts(key).getCallerIdentity().arn()).endsWith(":user/alice");
    }

    @Test
    void profilesAreLoopbackAndRealistic() {
        assertThat(Profile.parse("loopback").latency()).isEqualTo(LatencyModel.NONE);
        assertThat(Profile.parse("Realistic").latency().iam()).isEqualTo(new ServiceLatency(80, 10, 160));
        assertThat(Profile.REALISTIC.latency().sts()).isEqualTo(new ServiceLatency(15, 3, 30));
        assertThat(Profile.REALISTIC.propagationMin()).hasSeconds(4);
        assertThat(Profile.REALISTIC.propagationMax()).hasSeconds(12);
        assertThatThrownBy(() -> Profile.parse("lan")).hasMessageContaining("loopback, realistic");

        EmulatorSettings settings = EmulatorSettings.defaults().withProfile(Profile.REALISTIC);
        AwsEmulator emulator = new AwsEmulator(settings);
        assertThat(emulator.latency()).isEqualTo(Profile.REALISTIC.latency());
        assertThat(emulator.propagationDelayMax()).hasSeconds(12);
        emulator.applyProfile(Profile.LOOPBACK);
        assertThat(emulator.latency()).isEqualTo(LatencyModel.NONE);
        assertThat(emulator.propagationDelayMax()).isZero();
        emulator.reset();
        assertThat(emulator.latency()).as("reset returns to the configured start").isEqualTo(settings.latency());
    }

    @Test
    void controlEndpointSetsProfilesLatencyAndPropagationRanges() {
        RawAwsClient control = new RawAwsClient(aws.endpoint);

        RawAwsClient.Reply realistic = control.control("POST", "/_emulator/latency", "{\"profile\":\"realistic\"}");
        assertThat(realistic.status()).isEqualTo(200);
        assertThat(realistic.body()).contains("\"millis\":80", "\"propagationDelayMaxSeconds\":12");
        assertThat(aws.emulator.latency()).isEqualTo(Profile.REALISTIC.latency());

        RawAwsClient.Reply sts = control.control("POST", "/_emulator/latency",
                "{\"sts\":{\"millis\":40,\"jitterMillis\":0,\"newConnectionMillis\":0}}");
        assertThat(sts.status()).isEqualTo(200);
        assertThat(aws.emulator.latency().sts()).isEqualTo(new ServiceLatency(40, 0, 0));
        assertThat(aws.emulator.latency().iam()).isEqualTo(Profile.REALISTIC.latency().iam());

        RawAwsClient.Reply range = control.control("POST", "/_emulator/propagation-delay",
                "{\"minSeconds\":2,\"maxSeconds\":6}");
        assertThat(range.status()).isEqualTo(200);
        assertThat(aws.emulator.propagationDelay()).hasSeconds(2);
        assertThat(aws.emulator.propagationDelayMax()).hasSeconds(6);
        assertThat(control.control("GET", "/_emulator/latency", null).body()).contains("\"millis\":40");

        assertThat(control.control("POST", "/_emulator/latency", "{\"profile\":\"moon\"}").status()).isEqualTo(400);
        assertThat(control.control("POST", "/_emulator/latency", "{\"iam\":{\"millis\":-5}}").status())
                .isEqualTo(400);
        assertThat(control.control("POST", "/_emulator/propagation-delay", "{\"minSeconds\":6,\"maxSeconds\":2}")
                .status()).isEqualTo(400);
        assertThat(aws.emulator.propagationDelayMax()).as("a rejected body changes nothing").hasSeconds(6);

        control.control("POST", "/_emulator/latency", "{\"profile\":\"loopback\"}");
        assertThat(aws.emulator.latency()).isEqualTo(LatencyModel.NONE);
        assertThat(aws.emulator.propagationDelayMax()).isZero();
    }

    @Test
    void commandLineOptionsParseRangesAndLatencies() {
        assertThat(List.of(EmulatorMain.parseRange("4-12"))).containsExactly(Duration.ofSeconds(4),
                Duration.ofSeconds(12));
        assertThat(List.of(EmulatorMain.parseRange("5"))).containsExactly(Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        assertThat(EmulatorMain.parseLatency("80,10,160")).isEqualTo(new ServiceLatency(80, 10, 160));
        assertThat(EmulatorMain.parseLatency("15")).isEqualTo(new ServiceLatency(15, 0, 0));
        assertThatThrownBy(() -> EmulatorMain.parseLatency("1,2,3,4")).isInstanceOf(IllegalArgumentException.class);
    }

    private static long elapsedMillis(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
