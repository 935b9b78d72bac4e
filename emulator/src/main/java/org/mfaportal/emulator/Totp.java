package org.mfaportal.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as AWS virtual MFA devices use them: HMAC-SHA1, 6 digits, 30-second
 * steps counted from the Unix epoch. Public so tests anywhere in the portal can compute the code a phone would
 * show for a seed returned by {@code CreateVirtualMFADevice}.
 */
public final class Totp {

    /** Length of one time step in seconds. */
    public static final int STEP_SECONDS = 30;

    /** Digits of a code. */
    public static final int DIGITS = 6;

    private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

    private final Clock clock;

    /** A generator/validator whose "now" comes from {@code clock}. */
    public Totp(Clock clock) {
        this.clock = clock;
    }

    /** The 6-digit code for a Base32 seed at an instant. */
    public static String code(String base32Seed, Instant at) {
        return codeAtStep(Base32.decode(base32Seed), step(at), DIGITS);
    }

    /** The 6-digit code for a Base32 seed in the current step of this instance's clock. */
    public String now(String base32Seed) {
        return code(base32Seed, clock.instant());
    }

    /** The time step (counter) an instant falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The current time step of this instance's clock. */
    public long currentStep() {
        return step(clock.instant());
    }

    /** The code of a raw key at a time step with the given number of digits (RFC 4226 dynamic truncation). */
    public static String codeAtStep(byte[] key, long step, int digits) {
        if (digits < 1 || digits > 8) {
            throw new IllegalArgumentException("digits must be 1..8");
        }
        byte[] hash = hmacSha1(key, ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String text = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - text.length()) + text;
    }

    /**
     * Finds the step in {@code [from, to]} whose code equals {@code code}, comparing every candidate in constant
     * time (all candidates are always computed, so timing does not reveal which one matched).
     *
     * @return the matching step, the lowest one if several match
     */
    public static OptionalLong matchingStep(byte[] key, String code, long from, long to) {
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long found = Long.MIN_VALUE;
        for (long s = from; s <= to; s++) {
            byte[] expected = codeAtStep(key, s, DIGITS).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given) && found == Long.MIN_VALUE) {
                found = s;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** Whether {@code code} is the code of {@code key} at exactly {@code step}, compared in constant time. */
    public static boolean matches(byte[] key, String code, long step) {
        return MessageDigest.isEqual(codeAtStep(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII),
                code.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
