package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final String RFC_SEED = Base32.encode(RFC_KEY);

    @ParameterizedTest(name = "t={0} -> {1}")
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130" })
    void matchesRfc6238Sha1Vectors(long epochSeconds, String eightDigits) {
        Instant at = Instant.ofEpochSecond(epochSeconds);
        assertThat(Totp.codeAtStep(RFC_KEY, Totp.step(at), 8)).isEqualTo(eightDigits);
        assertThat(Totp.code(RFC_SEED, at)).isEqualTo(eightDigits.substring(2));
    }

    @Test
    void codeChangesExactlyAtThirtySecondBoundaries() {
        assertThat(Totp.code(RFC_SEED, Instant.ofEpochSecond(30))).isEqualTo(Totp.code(RFC_SEED,
                Instant.ofEpochSecond(59)));
        assertThat(Totp.code(RFC_SEED, Instant.ofEpochSecond(59))).isNotEqualTo(Totp.code(RFC_SEED,
                Instant.ofEpochSecond(60)));
        assertThat(Totp.step(Instant.ofEpochSecond(59))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(60))).isEqualTo(2);
    }

    @Test
    void instanceUsesItsInjectedClock() {
        Totp totp = new Totp(Clock.fixed(Instant.ofEpochSecond(1111111109), ZoneOffset.UTC));
        assertThat(totp.now(RFC_SEED)).isEqualTo("081804");
        assertThat(totp.currentStep()).isEqualTo(1111111109 / 30);
    }

    @Test
    void matchingStepFindsOnlyCodesInsideTheWindow() {
        long step = Totp.step(Instant.ofEpochSecond(1234567890));
        String code = Totp.codeAtStep(RFC_KEY, step, 6);
        assertThat(Totp.matchingStep(RFC_KEY, code, step - 1, step + 1)).hasValue(step);
        assertThat(Totp.matchingStep(RFC_KEY, code, step + 1, step + 3)).isEmpty();
        assertThat(Totp.matchingStep(RFC_KEY, code, step - 3, step - 1)).isEmpty();
        assertThat(Totp.matches(RFC_KEY, code, step)).isTrue();
        assertThat(Totp.matches(RFC_KEY, code, step + 1)).isFalse();
    }

    @Test
    void base32RoundTripsArbitraryBytes() {
        for (int length = 0; length < 45; length++) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (i * 37 + length);
            }
            assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
        }
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.decode("mzxw6ytboi======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void base32RejectsCharactersOutsideTheAlphabetWithoutEchoingThem() {
        assertThatThrownBy(() -> Base32.decode("ABC1DEF")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Base32 character at position 3");
    }
}
