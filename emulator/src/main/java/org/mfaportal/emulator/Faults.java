package org.mfaportal.emulator;

import java.util.Set;

/**
 * Misbehaviour to inject into AWS calls (never into the control endpoint). Every trigger is either "every Nth
 * matching call" ({@code everyNth > 0}) or a probability drawn from the emulator's seeded random, or both.
 * When {@code actions} is non-empty only those actions are affected and counted. A {@code seed}, when given,
 * re-seeds the random so a run is repeatable. Also the JSON body of {@code POST /_emulator/faults}.
 *
 * @param throttleEveryNth answer {@code Throttling} (400) on every Nth call; 0 = off
 * @param throttleProbability answer {@code Throttling} with this probability
 * @param throttleRatePerSecond answer {@code Throttling} above this many calls per emulator-clock second; 0 = off
 * @param serviceUnavailableEveryNth answer {@code ServiceUnavailable} (503) on every Nth call
 * @param serviceUnavailableProbability ... with this probability
 * @param internalFailureEveryNth answer {@code InternalFailure} (500) on every Nth call
 * @param internalFailureProbability ... with this probability
 * @param dropConnectionEveryNth close the connection without an answer on every Nth call
 * @param dropConnectionProbability ... with this probability
 * @param latencyMillis delay every affected call by this much real time
 * @param actions only these actions (e.g. {@code GetSessionToken}); empty = all
 * @param seed re-seed the random with this value; {@code null} keeps it
 */
public record Faults(int throttleEveryNth, double throttleProbability, int throttleRatePerSecond,
        int serviceUnavailableEveryNth, double serviceUnavailableProbability, int internalFailureEveryNth,
        double internalFailureProbability, int dropConnectionEveryNth, double dropConnectionProbability,
        long latencyMillis, Set<String> actions, Long seed) {

    public Faults {
        actions = actions == null ? Set.of() : Set.copyOf(actions);
        if (throttleEveryNth < 0 || throttleRatePerSecond < 0 || serviceUnavailableEveryNth < 0
                || internalFailureEveryNth < 0 || dropConnectionEveryNth < 0 || latencyMillis < 0) {
            throw new IllegalArgumentException("fault counts and latency must not be negative");
        }
        for (double p : new double[] { throttleProbability, serviceUnavailableProbability,
                internalFailureProbability, dropConnectionProbability }) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("fault probabilities must be within 0..1");
            }
        }
    }

    /** No faults at all. */
    public static Faults none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a call of {@code action} is subject to these faults. */
    boolean appliesTo(String action) {
        return actions.isEmpty() || actions.contains(action);
    }

    /** Builds a {@link Faults}; unset knobs are off. */
    public static final class Builder {
        private int throttleEveryNth;
        private double throttleProbability;
        private int throttleRatePerSecond;
        private int serviceUnavailableEveryNth;
        private double serviceUnavailableProbability;
        private int internalFailureEveryNth;
        private double internalFailureProbability;
        private int dropConnectionEveryNth;
        private double dropConnectionProbability;
        private long latencyMillis;
        private Set<String> actions = Set.of();
        private Long seed;

        public Builder throttleEveryNth(int n) {
            this.throttleEveryNth = n;
            return this;
        }

        public Builder throttleProbability(double p) {
            this.throttleProbability = p;
            return this;
        }

        public Builder throttleRatePerSecond(int rate) {
            this.throttleRatePerSecond = rate;
            return this;
        }

        public Builder serviceUnavailableEveryNth(int n) {
            this.serviceUnavailableEveryNth = n;
            return this;
        }

        public Builder serviceUnavailableProbability(double p) {
            this.serviceUnavailableProbability = p;
            return this;
        }

        public Builder internalFailureEveryNth(int n) {
            this.internalFailureEveryNth = n;
            return this;
        }

        public Builder internalFailureProbability(double p) {
            this.internalFailureProbability = p;
            return this;
        }

        public Builder dropConnectionEveryNth(int n) {
            this.dropConnectionEveryNth = n;
            return this;
        }

        public Builder dropConnectionProbability(double p) {
            this.dropConnectionProbability = p;
            return this;
        }

        public Builder latencyMillis(long millis) {
            this.latencyMillis = millis;
            return this;
        }

        public Builder onlyFor(String... actionNames) {
            this.actions = Set.of(actionNames);
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Faults build() {
            return new Faults(throttleEveryNth, throttleProbability, throttleRatePerSecond,
                    serviceUnavailableEveryNth, serviceUnavailableProbability, internalFailureEveryNth,
                    internalFailureProbability, dropConnectionEveryNth, dropConnectionProbability, latencyMillis,
                    actions, seed);
        }
    }
}
