package org.mfaportal.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the emulator needs to start, as plain values, so it runs the same embedded in the portal's dev mode
 * and tests, from {@link EmulatorMain} and in a plain unit test.
 *
 * @param accountId 12-digit account of every ARN
 * @param portalAccessKeyId access key id of the built-in admin principal (the portal)
 * @param portalSecretAccessKey its secret
 * @param propagationDelay how long a new access key answers {@code InvalidClientTokenId} (the shortest, when
 *        drawn from a range)
 * @param seedUsers IAM users present from the start
 * @param generatedUsers bulk users for scale tests
 * @param roles roles that {@code AssumeRole} knows
 * @param randomSeed seed of the emulator's {@link java.util.Random} (ids, generated devices, faults)
 * @param propagationDelayMax the longest propagation delay: each new key's is drawn uniformly between
 *        {@code propagationDelay} and this ({@code null} = exactly {@code propagationDelay})
 * @param latency added latency of AWS calls ({@code null} = none, {@link LatencyModel#NONE})
 * @param seedDevices hardware tokens and security keys assigned to seed users from the start
 */
public record EmulatorSettings(String accountId, String portalAccessKeyId, String portalSecretAccessKey,
        Duration propagationDelay, List<SeedUser> seedUsers, GeneratedUsers generatedUsers, List<SeedRole> roles,
        long randomSeed, Duration propagationDelayMax, LatencyModel latency, List<SeedDevice> seedDevices) {

    /** Account id used when none is configured. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    /** Access key id of the portal principal when none is configured. */
    public static final String DEFAULT_PORTAL_ACCESS_KEY_ID = "AKIAEMULATORPORTAL01";
    /** Secret of the portal principal when none is configured: public, it only ever opens the emulator. */
    public static final String DEFAULT_PORTAL_SECRET = "emulator/portal/secret/not-for-production";

    public EmulatorSettings {
        Objects.requireNonNull(accountId, "accountId");
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id must be 12 digits");
        }
        Objects.requireNonNull(portalAccessKeyId, "portalAccessKeyId");
        Objects.requireNonNull(portalSecretAccessKey, "portalSecretAccessKey");
        propagationDelay = propagationDelay == null ? Duration.ZERO : propagationDelay;
        propagationDelayMax = propagationDelayMax == null ? propagationDelay : propagationDelayMax;
        if (propagationDelay.isNegative() || propagationDelayMax.compareTo(propagationDelay) < 0) {
            throw new IllegalArgumentException("propagation delay: 0 <= shortest <= longest");
        }
        latency = latency == null ? LatencyModel.NONE : latency;
        seedUsers = List.copyOf(seedUsers == null ? List.of() : seedUsers);
        generatedUsers = generatedUsers == null ? GeneratedUsers.NONE : generatedUsers;
        seedDevices = List.copyOf(seedDevices == null ? List.of() : seedDevices);
        roles = List.copyOf(roles == null ? List.of() : roles);
    }

    /** Settings without seed devices. */
    public EmulatorSettings(String accountId, String portalAccessKeyId, String portalSecretAccessKey,
            Duration propagationDelay, List<SeedUser> seedUsers, GeneratedUsers generatedUsers, List<SeedRole> roles,
            long randomSeed, Duration propagationDelayMax, LatencyModel latency) {
        this(accountId, portalAccessKeyId, portalSecretAccessKey, propagationDelay, seedUsers, generatedUsers, roles,
                randomSeed, propagationDelayMax, latency, List.of());
    }

    public EmulatorSettings withSeedDevices(List<SeedDevice> devices) {
        return new EmulatorSettings(accountId, portalAccessKeyId, portalSecretAccessKey, propagationDelay, seedUsers,
                generatedUsers, roles, randomSeed, propagationDelayMax, latency, devices);
    }

    /** Settings without a latency model and with a fixed propagation delay. */
    public EmulatorSettings(String accountId, String portalAccessKeyId, String portalSecretAccessKey,
            Duration propagationDelay, List<SeedUser> seedUsers, GeneratedUsers generatedUsers, List<SeedRole> roles,
            long randomSeed) {
        this(accountId, portalAccessKeyId, portalSecretAccessKey, propagationDelay, seedUsers, generatedUsers, roles,
                randomSeed, null, null);
    }

    /** Defaults: account 123456789012, the built-in portal key, no delay, no latency, no users, no roles, seed 42. */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings(DEFAULT_ACCOUNT_ID, DEFAULT_PORTAL_ACCESS_KEY_ID, DEFAULT_PORTAL_SECRET,
                Duration.ZERO, List.of(), GeneratedUsers.NONE, List.of(), 42L);
    }

    /** A fixed propagation delay for every new key. */
    public EmulatorSettings withPropagationDelay(Duration delay) {
        return withPropagationDelay(delay, delay);
    }

    /** A propagation delay drawn uniformly from {@code shortest..longest} for every new key. */
    public EmulatorSettings withPropagationDelay(Duration shortest, Duration longest) {
        return new EmulatorSettings(accountId, portalAccessKeyId, portalSecretAccessKey, shortest, seedUsers,
                generatedUsers, roles, randomSeed, longest, latency, seedDevices);
    }

    public EmulatorSettings withLatency(LatencyModel model) {
        return new EmulatorSettings(accountId, portalAccessKeyId, portalSecretAccessKey, propagationDelay, seedUsers,
                generatedUsers, roles, randomSeed, propagationDelayMax, model, seedDevices);
    }

    /** The profile's latency and propagation range. */
    public EmulatorSettings withProfile(LatencyModel.Profile profile) {
        return withLatency(profile.latency()).withPropagationDelay(profile.propagationMin(),
                profile.propagationMax());
    }

    public EmulatorSettings withSeedUsers(List<SeedUser> users) {
        return new EmulatorSettings(accountId, portalAccessKeyId, portalSecretAccessKey, propagationDelay, users,
                generatedUsers, roles, randomSeed, propagationDelayMax, latency, seedDevices);
    }

    public EmulatorSettings withRoles(List<SeedRole> newRoles) {
        return new EmulatorSettings(accountId, portalAccessKeyId, portalSecretAccessKey, propagationDelay, seedUsers,
                generatedUsers, newRoles, randomSeed, propagationDelayMax, latency, seedDevices);
    }

    public EmulatorSettings withGeneratedUsers(GeneratedUsers generated) {
        return new EmulatorSettings(accountId, portalAccessKeyId, portalSecretAccessKey, propagationDelay, seedUsers,
                generated, roles, randomSeed, propagationDelayMax, latency, seedDevices);
    }

    public EmulatorSettings withRandomSeed(long seed) {
        return new EmulatorSettings(accountId, portalAccessKeyId, portalSecretAccessKey, propagationDelay, seedUsers,
                generatedUsers, roles, seed, propagationDelayMax, latency, seedDevices);
    }

    public EmulatorSettings withAccountId(String account) {
        return new EmulatorSettings(account, portalAccessKeyId, portalSecretAccessKey, propagationDelay, seedUsers,
                generatedUsers, roles, randomSeed, propagationDelayMax, latency, seedDevices);
    }

    public EmulatorSettings withPortalKey(String accessKeyId, String secretAccessKey) {
        return new EmulatorSettings(accountId, accessKeyId, secretAccessKey, propagationDelay, seedUsers,
                generatedUsers, roles, randomSeed, propagationDelayMax, latency, seedDevices);
    }

    /** An IAM user created at start-up. */
    public record SeedUser(String path, String userName) {

        public SeedUser {
            if (!QueryParams.PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("seed user path must be / or /.../: " + path);
            }
            if (!QueryParams.NAME.matcher(userName).matches() || userName.length() > 64) {
                throw new IllegalArgumentException("invalid seed user name: " + userName);
            }
        }

        /**
         * Parses {@code /engineers/:alice,bob;/contractors/:carol}: groups separated by {@code ;}, each a path,
         * a colon and comma-separated user names. A group without a path puts its users under {@code /}.
         */
        public static List<SeedUser> parseAll(String spec) {
            List<SeedUser> users = new ArrayList<>();
            for (String group : spec.split(";")) {
                String trimmed = group.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int colon = trimmed.lastIndexOf(':');
                String path = colon < 0 ? "/" : trimmed.substring(0, colon).trim();
                for (String name : trimmed.substring(colon + 1).split(",")) {
                    if (!name.isBlank()) {
                        users.add(new SeedUser(path.isEmpty() ? "/" : path, name.trim()));
                    }
                }
            }
            return users;
        }
    }

    /**
     * Bulk users for scale tests: {@code count} users named {@code user00001...} under {@code path}, a fraction
     * of them with an active virtual MFA device, plus {@code orphanDevices} unassigned devices.
     */
    public record GeneratedUsers(int count, String path, double withDeviceFraction, int orphanDevices) {

        public static final GeneratedUsers NONE = new GeneratedUsers(0, "/generated/", 0.0, 0);

        public GeneratedUsers {
            if (count < 0 || orphanDevices < 0 || withDeviceFraction < 0 || withDeviceFraction > 1) {
                throw new IllegalArgumentException("generated users: count, orphans >= 0 and fraction in 0..1");
            }
            if (!QueryParams.PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("generated users path must be / or /.../: " + path);
            }
        }
    }

    /**
     * A role {@code AssumeRole} accepts.
     *
     * @param name role name; its ARN is {@code arn:aws:iam::ACCOUNT:role/NAME}
     * @param maxSessionDuration the role's maximum session duration (1 to 12 hours)
     * @param allowedUserPath path prefix of the IAM users its trust policy admits
     * @param mfaRequired whether the trust policy requires {@code aws:MultiFactorAuthPresent}
     */
    public record SeedRole(String name, Duration maxSessionDuration, String allowedUserPath, boolean mfaRequired) {

        public SeedRole {
            if (!QueryParams.NAME.matcher(name).matches() || name.length() > 64) {
                throw new IllegalArgumentException("invalid role name: " + name);
            }
            if (maxSessionDuration.toSeconds() < 3600 || maxSessionDuration.toSeconds() > 43200) {
                throw new IllegalArgumentException("role max session duration must be 1h..12h: " + name);
            }
            if (!allowedUserPath.startsWith("/")) {
                throw new IllegalArgumentException("allowed user path must start with /: " + name);
            }
        }

        /** Parses {@code name:maxSeconds:/path/[:mfa|:no-mfa]} (MFA required unless {@code no-mfa}). */
        public static SeedRole parse(String spec) {
            String[] parts = spec.split(":");
            if (parts.length < 3) {
                throw new IllegalArgumentException("role spec is name:maxSeconds:/path/[:mfa|:no-mfa]");
            }
            boolean mfa = parts.length < 4 || !"no-mfa".equals(parts[3]);
            return new SeedRole(parts[0], Duration.ofSeconds(Long.parseLong(parts[1])), parts[2], mfa);
        }
    }

    /**
     * An MFA device other than a virtual one, assigned to a seed user from the start: a hardware TOTP token (its
     * serial is not an ARN, e.g. {@code GAHT12345678}, and it has a seed like any TOTP device) or a FIDO security key
     * (serial {@code arn:aws:iam::ACCOUNT:u2f/user/USER/NAME}, no codes at all: console sign-in only).
     *
     * @param userName the seed user it is assigned to
     * @param kind what it is
     * @param id the hardware token's serial, or the security key's name
     * @param base32Seed the hardware token's seed; {@code null} for a security key
     */
    public record SeedDevice(String userName, Kind kind, String id, String base32Seed) {

        /** The kinds of device besides virtual ones. */
        public enum Kind {
            HARDWARE, SECURITY_KEY
        }

        private static final java.util.regex.Pattern HARDWARE_SERIAL = java.util.regex.Pattern.compile("[A-Z0-9]{9,32}");

        public SeedDevice {
            Objects.requireNonNull(kind, "kind");
            if (userName == null || !QueryParams.NAME.matcher(userName).matches()) {
                throw new IllegalArgumentException("invalid seed device user: " + userName);
            }
            if (kind == Kind.HARDWARE) {
                if (id == null || !HARDWARE_SERIAL.matcher(id).matches()) {
                    throw new IllegalArgumentException("a hardware token's serial is 9 to 32 letters and digits: " + id);
                }
                if (base32Seed == null || !base32Seed.matches("[A-Z2-7]{16,}")) {
                    throw new IllegalArgumentException("a hardware token needs a Base32 seed: " + id);
                }
            } else {
                if (id == null || !QueryParams.NAME.matcher(id).matches() || id.length() > 64) {
                    throw new IllegalArgumentException("invalid security key name: " + id);
                }
                if (base32Seed != null) {
                    throw new IllegalArgumentException("a security key has no seed: " + id);
                }
            }
        }

        /**
         * Parses {@code alice:hardware:GAHT00000001:JBSWY3DPEHPK3PXP,alice:security-key:yubikey}: comma-separated
         * devices, each {@code user:hardware:SERIAL:BASE32SEED} or {@code user:security-key:NAME}.
         */
        public static List<SeedDevice> parseAll(String spec) {
            List<SeedDevice> devices = new ArrayList<>();
            for (String item : spec.split(",")) {
                String trimmed = item.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] parts = trimmed.split(":");
                if (parts.length == 4 && "hardware".equals(parts[1])) {
                    devices.add(new SeedDevice(parts[0], Kind.HARDWARE, parts[2], parts[3]));
                } else if (parts.length == 3 && "security-key".equals(parts[1])) {
                    devices.add(new SeedDevice(parts[0], Kind.SECURITY_KEY, parts[2], null));
                } else {
                    throw new IllegalArgumentException("seed device is user:hardware:SERIAL:SEED or "
                            + "user:security-key:NAME: " + trimmed);
                }
            }
            return devices;
        }
    }
}
