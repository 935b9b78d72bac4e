package org.mfaportal.aws;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one AWS action: translates SDK exceptions and records a timer {@value #METRIC} tagged with service,
 * action and outcome ({@code success}, the domain exception's name, or {@code error} for anything else). Logs name the action and the error
 * code, never a parameter.
 */
final class AwsCalls {

    static final String METRIC = "portal.aws.calls";

    private static final Logger LOG = Logger.getLogger(AwsCalls.class);

    private final String service;
    private final MeterRegistry meters;

    /** @param meters may be {@code null}: no metrics */
    AwsCalls(String service, MeterRegistry meters) {
        this.service = service;
        this.meters = meters;
    }

    <T> T call(String action, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } catch (SdkException e) {
            AwsException translated = AwsErrorTranslator.translate(e);
            outcome = translated.getClass().getSimpleName();
            LOG.debugf("%s %s failed: %s (AWS error code %s, request id %s)", service, action, outcome,
                    translated.awsErrorCode(), translated.requestId());
            throw translated;
        } finally {
            if (meters != null) {
                Timer.builder(METRIC)
                        .description("AWS API calls made by the portal, retries included")
                        .tag("service", service)
                        .tag("action", action)
                        .tag("outcome", outcome)
                        .register(meters)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }

    void run(String action, Runnable call) {
        call(action, () -> {
            call.run();
            return null;
        });
    }
}
