package org.mfaportal.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;

/**
 * How long the emulator takes to answer AWS calls, like AWS seen from a client some distance away: IAM and STS
 * apart (IAM is one global endpoint in us-east-1, STS answers in the caller's region), each with a base latency,
 * a random extra on top, and a one-off cost for every new connection (the TCP and TLS handshakes a real endpoint
 * costs). Also the JSON of {@code GET/POST /_emulator/latency}. Where the numbers of the {@code realistic}
 * profile come from: docs/emulator.md, "Latency model".
 *
 * @param iam IAM's latency
 * @param sts STS's latency
 */
public record LatencyModel(ServiceLatency iam, ServiceLatency sts) {

    /** No added latency: the emulator on loopback, as fast as it answers. */
    public static final LatencyModel NONE = new LatencyModel(ServiceLatency.NONE, ServiceLatency.NONE);

    public LatencyModel {
        iam = iam == null ? ServiceLatency.NONE : iam;
        sts = sts == null ? ServiceLatency.NONE : sts;
    }

    /** The latency of {@code service} ({@code iam} or {@code sts}). */
    public ServiceLatency of(String service) {
        return "sts".equals(service) ? sts : iam;
    }

    /** Whether this adds no latency at all. */
    public boolean isNone() {
        return iam.equals(ServiceLatency.NONE) && sts.equals(ServiceLatency.NONE);
    }

    /**
     * One service's latency. A call takes {@code millis} plus a random extra drawn from an exponential
     * distribution with mean {@code jitterMillis} (capped at five times it), so most calls are close to the base
     * and a few are slow, as on a real network; a call on a new connection first pays {@code newConnectionMillis}.
     *
     * @param millis base latency of every call: the round trip plus AWS's own time
     * @param jitterMillis mean of the random extra; 0 = none
     * @param newConnectionMillis cost of opening a connection (TCP and TLS handshakes); 0 = none
     */
    public record ServiceLatency(long millis, long jitterMillis, long newConnectionMillis) {

        public static final ServiceLatency NONE = new ServiceLatency(0, 0, 0);

        public ServiceLatency {
            if (millis < 0 || jitterMillis < 0 || newConnectionMillis < 0) {
                throw new IllegalArgumentException("latencies must not be negative");
            }
        }

        /** The delay of one call: base plus a drawn extra, plus the handshakes on a new connection. */
        long draw(Random random, boolean newConnection) {
            long extra = 0;
            if (jitterMillis > 0) {
                double exponential = -Math.log(1 - random.nextDouble()) * jitterMillis;
                extra = Math.round(Math.min(exponential, 5.0 * jitterMillis));
            }
            return millis + extra + (newConnection ? newConnectionMillis : 0);
        }
    }

    /**
     * Named settings of latency and key propagation. {@code loopback}: what the emulator does without being told
     * otherwise (no added latency, keys usable at once). {@code realistic}: a client in Europe talking to IAM's
     * global endpoint in us-east-1 and to STS in its own region, and IAM's eventual consistency for new keys.
     */
    public enum Profile {
        LOOPBACK(NONE, Duration.ZERO, Duration.ZERO),
        REALISTIC(new LatencyModel(new ServiceLatency(80, 10, 160), new ServiceLatency(15, 3, 30)),
                Duration.ofSeconds(4), Duration.ofSeconds(12));

        private final LatencyModel latency;
        private final Duration propagationMin;
        private final Duration propagationMax;

        Profile(LatencyModel latency, Duration propagationMin, Duration propagationMax) {
            this.latency = latency;
            this.propagationMin = propagationMin;
            this.propagationMax = propagationMax;
        }

        public LatencyModel latency() {
            return latency;
        }

        /** Shortest propagation delay of a new access key. */
        public Duration propagationMin() {
            return propagationMin;
        }

        /** Longest propagation delay of a new access key. */
        public Duration propagationMax() {
            return propagationMax;
        }

        /** The profile's name as options and the control endpoint spell it ({@code realistic}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code loopback} or {@code realistic} (any case). */
        public static Profile parse(String name) {
            for (Profile profile : values()) {
                if (profile.label().equalsIgnoreCase(name.trim())) {
                    return profile;
                }
            }
            throw new IllegalArgumentException("unknown latency profile " + name + "; known: loopback, realistic");
        }
    }
}
