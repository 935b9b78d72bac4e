package org.mfaportal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Readiness and one log line say what is wrong with AWS, the real SDK deciding: no credentials at all (the default
 * chain finds none), or an endpoint that does not answer. (Refused credentials: {@code SendOnceAndRetryTest}.)
 */
class AwsReadinessReasonsTest {

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(AwsReadinessCheck.class.getName());

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
    }

    @Test
    void withoutAnyCredentialsReadinessAndTheLogSaySo() {
        // The default chain, with nothing for it to find: no key in the environment (the build sets none), no
        // profile file, no instance metadata.
        assertThat(System.getenv("AWS_ACCESS_KEY_ID")).as("this test needs an environment without an AWS key").isNull();
        Map<String, String> before = new java.util.HashMap<>();
        for (var setting : Map.of("aws.sharedCredentialsFile", "/nonexistent/credentials", "aws.configFile",
                "/nonexistent/config", "aws.disableEc2Metadata", "true").entrySet()) {
            before.put(setting.getKey(), System.getProperty(setting.getKey()));
            System.setProperty(setting.getKey(), setting.getValue());
        }
        try (var clients = new AwsClients("us-east-1", URI.create("http://127.0.0.1:" + closedPort()), null, null, 1,
                Duration.ofSeconds(5), Duration.ofSeconds(2))) {
            var check = new AwsReadinessCheck(new StsGateway(clients));
            HealthCheckResponse response = check.call();
            check.call();

            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data)
                    .containsEntry("reason", "no-credentials").containsEntry("failure", "AwsUnavailable"));
            assertThat(logged).as("one line, not one per probe").singleElement()
                    .satisfies(r -> assertThat(text(r)).contains("no AWS credentials", "default chain"));
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerIsNamedInTheLog() {
        URI endpoint = URI.create("http://127.0.0.1:" + closedPort());
        try (var clients = new AwsClients("us-east-1", endpoint, "AKIAPORTAL", "portal-secret", 1,
                Duration.ofSeconds(5), Duration.ofSeconds(2))) {
            HealthCheckResponse response = new AwsReadinessCheck(new StsGateway(clients)).call();

            assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data)
                    .containsEntry("reason", "endpoint-unreachable").containsEntry("endpoint", endpoint.toString()));
            assertThat(logged).singleElement().satisfies(r -> assertThat(text(r))
                    .contains("does not answer", endpoint.toString(), "PORTAL_AWS_ENDPOINT")
                    .doesNotContain("portal-secret", "AKIAPORTAL"));
        }
    }

    private static String text(LogRecord record) {
        return record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                : record.getParameters() == null ? record.getMessage()
                : String.format(record.getMessage(), record.getParameters());
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
