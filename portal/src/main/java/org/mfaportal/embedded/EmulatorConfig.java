package org.mfaportal.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.mfaportal.emulator.EmulatorSettings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The AWS IAM/STS emulator embedded in dev mode and tests ({@link EmulatorLauncher}). Off unless enabled; the dev
 * and test profiles enable it. A packaged (production) build has no emulator: there, {@code enabled=true} stops the
 * start with a pointer to the standalone one (docs/emulator.md).
 */
@ConfigMapping(prefix = "portal.emulator")
public interface EmulatorConfig {

    /**
     * Start the emulator and point the portal's AWS clients at it (dev mode and tests only: a packaged build
     * refuses to start with it).
     */
    @WithDefault("false")
    boolean enabled();

    /** Interface the emulator listens on; keep it on loopback, its control endpoint has no authentication. */
    @WithDefault("127.0.0.1")
    String host();

    /** TCP port; 0 picks a free one. */
    @WithDefault("0")
    int port();

    /** The 12-digit account id in every ARN the emulator returns. */
    @WithDefault("123456789012")
    String accountId();

    /** Access key id of the portal's own principal, which may call every action. */
    @WithDefault(EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID)
    String portalAccessKeyId();

    /** Secret access key of the portal's own principal (a public value by default: it only opens the emulator). */
    @WithDefault(EmulatorSettings.DEFAULT_PORTAL_SECRET)
    String portalSecretAccessKey();

    /**
     * Named latency and key-propagation profile: {@code loopback} (no added latency, new keys usable at once) or
     * {@code realistic} (IAM 80 ms, STS 15 ms, new keys usable after 4 to 12 s; docs/emulator.md). The keys below
     * replace parts of it.
     */
    @WithDefault("loopback")
    String latencyProfile();

    /**
     * How long a new access key is rejected with InvalidClientTokenId, like IAM's eventual consistency (the
     * shortest, with {@code propagation-delay-max}); the profile's when unset.
     */
    Optional<Duration> propagationDelay();

    /** The longest propagation delay: each new key's is drawn uniformly between the two. */
    Optional<Duration> propagationDelayMax();

    /** Added latency of IAM calls; each key given replaces the profile's. */
    Latency iamLatency();

    /** Added latency of STS calls; each key given replaces the profile's. */
    Latency stsLatency();

    /** IAM users created at start: {@code /engineers/:alice,bob;/contractors/:carol}. */
    Optional<String> seedUsers();

    /**
     * Hardware TOTP tokens and FIDO security keys assigned to seed users at start:
     * {@code alice:hardware:GAHT00000001:BASE32SEED,alice:security-key:yubikey}.
     */
    Optional<String> seedDevices();

    /** Bulk users for scale tests. */
    Generated generatedUsers();

    /** Roles AssumeRole accepts, keyed by role name. */
    Map<String, RoleSettings> roles();

    /** Seed of the emulator's random numbers (ids, generated devices, fault injection), for repeatable runs. */
    @WithDefault("42")
    long randomSeed();

    /** One service's added latency; what is not given comes from the profile. */
    interface Latency {

        /** Every call's latency: the round trip plus the service's own time. */
        Optional<Duration> base();

        /** Mean of a random extra per call (exponentially distributed, capped at five times this). */
        Optional<Duration> jitter();

        /** What a new connection costs first (TCP and TLS handshakes). */
        Optional<Duration> newConnection();
    }

    /** Bulk users for scale tests. */
    interface Generated {

        /** How many users named user00001, user00002, ... to create. */
        @WithDefault("0")
        int count();

        /** IAM path of the generated users and their devices. */
        @WithDefault("/generated/")
        String path();

        /** Fraction (0..1) of generated users that get an active virtual MFA device. */
        @WithDefault("0.0")
        double withDeviceFraction();

        /** How many unassigned ("orphan") virtual MFA devices to create. */
        @WithDefault("0")
        int orphanDevices();
    }

    /** One role and its trust policy: who may assume it and for how long. */
    interface RoleSettings {

        /** The role's maximum session duration (1h..12h). */
        @WithDefault("1h")
        Duration maxSessionDuration();

        /** Path prefix of the IAM users allowed to assume the role. */
        @WithDefault("/")
        String allowedUserPath();

        /** Whether assuming the role requires MFA (aws:MultiFactorAuthPresent in the trust policy). */
        @WithDefault("true")
        boolean mfaRequired();
    }
}
