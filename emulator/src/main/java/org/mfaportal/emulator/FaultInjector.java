package org.mfaportal.emulator;

import java.time.Instant;
import java.util.Random;

/** Decides, deterministically for a given seed and call sequence, which fault (if any) hits a call. */
final class FaultInjector {

    /** What to do to one call. */
    enum Outcome {
        NONE, THROTTLE, SERVICE_UNAVAILABLE, INTERNAL_FAILURE, DROP_CONNECTION
    }

    /** The decision for one call: an outcome and a delay to apply first. */
    record Decision(Outcome outcome, long latencyMillis) {
        static final Decision NONE = new Decision(Outcome.NONE, 0);
    }

    private final Random random;
    private Faults faults = Faults.none();
    private long matchingCalls;
    private long rateWindowSecond = Long.MIN_VALUE;
    private int rateWindowCalls;

    FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    synchronized void set(Faults newFaults) {
        this.faults = newFaults;
        this.matchingCalls = 0;
        this.rateWindowSecond = Long.MIN_VALUE;
        this.rateWindowCalls = 0;
        if (newFaults.seed() != null) {
            random.setSeed(newFaults.seed());
        }
    }

    synchronized void reseed(long seed) {
        random.setSeed(seed);
    }

    synchronized Faults current() {
        return faults;
    }

    synchronized Decision decide(String action, Instant now) {
        if (faults.equals(Faults.none()) || !faults.appliesTo(action)) {
            return Decision.NONE;
        }
        long n = ++matchingCalls;
        long latency = faults.latencyMillis();
        // every trigger draws its random number even when an earlier one fired, so one knob does not shift
        // the sequence another knob sees
        boolean drop = fires(n, faults.dropConnectionEveryNth(), faults.dropConnectionProbability());
        boolean unavailable = fires(n, faults.serviceUnavailableEveryNth(), faults.serviceUnavailableProbability());
        boolean internal = fires(n, faults.internalFailureEveryNth(), faults.internalFailureProbability());
        boolean throttle = fires(n, faults.throttleEveryNth(), faults.throttleProbability()) | overRate(now);
        Outcome outcome = drop ? Outcome.DROP_CONNECTION
                : unavailable ? Outcome.SERVICE_UNAVAILABLE
                : internal ? Outcome.INTERNAL_FAILURE
                : throttle ? Outcome.THROTTLE
                : Outcome.NONE;
        return new Decision(outcome, latency);
    }

    private boolean fires(long n, int everyNth, double probability) {
        boolean nth = everyNth > 0 && n % everyNth == 0;
        boolean chance = probability > 0 && random.nextDouble() < probability;
        return nth || chance;
    }

    private boolean overRate(Instant now) {
        if (faults.throttleRatePerSecond() <= 0) {
            return false;
        }
        long second = now.getEpochSecond();
        if (second != rateWindowSecond) {
            rateWindowSecond = second;
            rateWindowCalls = 0;
        }
        return ++rateWindowCalls > faults.throttleRatePerSecond();
    }
}
