package org.mfaportal.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import org.mfaportal.emulator.EmulatorSettings.SeedRole;

/**
 * The emulated account: users, virtual MFA devices, access keys, inline policies, issued sessions and roles.
 * Every public operation holds one lock, so each AWS call is atomic; sorted maps keep paging and lookups
 * logarithmic with tens of thousands of users and devices.
 */
final class EmulatorState {

    static final int MAX_DEVICES_PER_USER = 8;
    static final int MAX_ACCESS_KEYS_PER_USER = 2;
    static final int MAX_INLINE_POLICY_CHARS = 2048;
    /** Steps either side of the expected one that an ordinary code may come from. */
    static final int CODE_WINDOW = 1;
    /** Steps either side that ResyncMFADevice searches. */
    static final int RESYNC_WINDOW = 20;

    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    final String accountId;
    private final Random random;
    private final SecureRandom secureRandom = new SecureRandom();

    private final Map<String, User> usersByName = new HashMap<>();
    private final TreeMap<String, User> usersByPath = new TreeMap<>();
    private final TreeMap<String, Device> devices = new TreeMap<>();
    private final TreeMap<String, Device> assigned = new TreeMap<>();
    private final TreeMap<String, Device> unassigned = new TreeMap<>();
    /** Hardware tokens and security keys, by serial: never listed by ListVirtualMFADevices. */
    private final TreeMap<String, Device> otherDevices = new TreeMap<>();
    private final Map<String, UserKey> accessKeys = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, AssumableRole> roles = new LinkedHashMap<>();

    EmulatorState(EmulatorSettings settings, Instant now) {
        this.accountId = settings.accountId();
        this.random = new Random(settings.randomSeed());
        for (SeedRole role : settings.roles()) {
            roles.put(role.name().toLowerCase(Locale.ROOT), new AssumableRole(role,
                    "arn:aws:iam::" + accountId + ":role/" + role.name(), "AROA" + randomId(17)));
        }
        for (EmulatorSettings.SeedUser seed : settings.seedUsers()) {
            createUser(seed.userName(), seed.path(), now);
        }
        for (EmulatorSettings.SeedDevice seed : settings.seedDevices()) {
            User user = user(seed.userName());
            Device device = seed.kind() == EmulatorSettings.SeedDevice.Kind.HARDWARE
                    ? new Device(seed.id(), seed.id(), null, Base32.decode(seed.base32Seed()), now, List.of(),
                            DeviceKind.HARDWARE)
                    : new Device("arn:aws:iam::" + accountId + ":u2f/user/" + user.name + "/" + seed.id(), seed.id(),
                            null, null, now, List.of(), DeviceKind.SECURITY_KEY);
            if (otherDevices.putIfAbsent(device.serial, device) != null) {
                throw new IllegalArgumentException("seed device " + device.serial + " is configured twice");
            }
            assign(device, user, now);
        }
        generate(settings.generatedUsers(), now);
    }

    /**
     * Gives the user their seed devices back as configured (hardware tokens and security keys), taking a seed
     * token from whoever has it now: for tests that put one user back to the start without a full reset.
     */
    synchronized void restoreSeedDevices(String userName, List<EmulatorSettings.SeedDevice> seeds, Instant now) {
        User user = user(userName);
        for (EmulatorSettings.SeedDevice seed : seeds) {
            if (!seed.userName().equalsIgnoreCase(userName)) {
                continue;
            }
            boolean hardware = seed.kind() == EmulatorSettings.SeedDevice.Kind.HARDWARE;
            String serial = hardware ? seed.id() : "arn:aws:iam::" + accountId + ":u2f/user/" + user.name + "/" + seed.id();
            Device old = otherDevices.remove(serial);
            if (old != null && old.user != null) {
                old.user.devices.remove(serial);
            }
            Device device = hardware
                    ? new Device(serial, seed.id(), null, Base32.decode(seed.base32Seed()), now, List.of(),
                            DeviceKind.HARDWARE)
                    : new Device(serial, seed.id(), null, null, now, List.of(), DeviceKind.SECURITY_KEY);
            otherDevices.put(serial, device);
            assign(device, user, now);
        }
    }

    /** What an MFA device is: its serial tells (an ARN with {@code :mfa/}, one with {@code :u2f/}, or neither). */
    enum DeviceKind {
        VIRTUAL, HARDWARE, SECURITY_KEY
    }

    private void generate(EmulatorSettings.GeneratedUsers generated, Instant now) {
        for (int i = 1; i <= generated.count(); i++) {
            User user = createUser(String.format(Locale.ROOT, "user%05d", i), generated.path(), now);
            if (random.nextDouble() < generated.withDeviceFraction()) {
                byte[] seed = new byte[40];
                random.nextBytes(seed);
                Device device = createDevice(generated.path(), user.name, List.of(), seed, now);
                assign(device, user, now);
            }
        }
        for (int i = 1; i <= generated.orphanDevices(); i++) {
            byte[] seed = new byte[40];
            random.nextBytes(seed);
            createDevice(generated.path(), String.format(Locale.ROOT, "orphan%05d", i), List.of(), seed, now);
        }
    }

    // ------------------------------------------------------------------ entities

    static final class User {
        final String name;
        final String path;
        final String id;
        final String arn;
        final Instant created;
        final Map<String, UserKey> keys = new LinkedHashMap<>();
        final TreeMap<String, String> policies = new TreeMap<>();
        final TreeMap<String, Device> devices = new TreeMap<>();

        User(String name, String path, String id, String arn, Instant created) {
            this.name = name;
            this.path = path;
            this.id = id;
            this.arn = arn;
            this.created = created;
        }
    }

    static final class Device {
        final String serial;
        final String name;
        final String path;
        final byte[] seed;
        final Instant created;
        final List<Map.Entry<String, String>> tags;
        final DeviceKind kind;
        User user;
        Instant enabled;
        long lastUsedStep = Long.MIN_VALUE;
        long driftSteps;

        Device(String serial, String name, String path, byte[] seed, Instant created,
                List<Map.Entry<String, String>> tags) {
            this(serial, name, path, seed, created, tags, DeviceKind.VIRTUAL);
        }

        Device(String serial, String name, String path, byte[] seed, Instant created,
                List<Map.Entry<String, String>> tags, DeviceKind kind) {
            this.kind = kind;
            this.serial = serial;
            this.name = name;
            this.path = path;
            this.seed = seed;
            this.created = created;
            this.tags = List.copyOf(tags);
        }
    }

    /** An access key of an IAM user, with its secret and the instant from which IAM accepts it. */
    record UserKey(String id, String secret, User user, Instant created, Instant validFrom) {
    }

    /** A device as it was when listed, so rendering outside the lock sees a consistent assignment. */
    record DeviceSnapshot(String serial, User user, Instant enabled, List<Map.Entry<String, String>> tags) {

        static DeviceSnapshot of(Device device) {
            return new DeviceSnapshot(device.serial, device.user, device.enabled, device.tags);
        }
    }

    /** Temporary credentials from GetSessionToken ({@code role == null}) or AssumeRole. */
    record Session(String accessKeyId, String secret, String token, Instant issued, Instant expires, User user,
            AssumableRole role, String roleSessionName, boolean mfa, String sourceIdentity) {

        String assumedRoleArn(String account) {
            return "arn:aws:sts::" + account + ":assumed-role/" + role.spec().name() + "/" + roleSessionName;
        }
    }

    /** A role AssumeRole knows: its seed settings, ARN and id. */
    record AssumableRole(SeedRole spec, String arn, String roleId) {
    }

    /** One page of a listing, with the marker of the next page ({@code null} on the last). */
    record Page<T>(List<T> items, String nextMarker) {
        boolean truncated() {
            return nextMarker != null;
        }

        <R> Page<R> map(Function<T, R> mapper) {
            return new Page<>(items.stream().map(mapper).toList(), nextMarker);
        }
    }

    // ------------------------------------------------------------------ users

    synchronized User createUser(String name, String path, Instant now) {
        String key = name.toLowerCase(Locale.ROOT);
        if (usersByName.containsKey(key)) {
            throw AwsError.alreadyExists("User with name " + name + " already exists.");
        }
        User user = new User(name, path, "AIDA" + randomId(17), "arn:aws:iam::" + accountId + ":user" + path + name,
                now);
        usersByName.put(key, user);
        usersByPath.put(path + key, user);
        return user;
    }

    synchronized User user(String name) {
        User user = usersByName.get(name.toLowerCase(Locale.ROOT));
        if (user == null) {
            throw AwsError.noSuchEntity("The user with name " + name + " cannot be found.");
        }
        return user;
    }

    synchronized Page<User> listUsers(String pathPrefix, String marker, int maxItems) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        return page(usersByPath.subMap(prefix, true, prefix + '\uffff', true), marker, maxItems);
    }

    // ------------------------------------------------------------------ virtual MFA devices

    synchronized Device createDevice(String path, String name, List<Map.Entry<String, String>> tags, byte[] seed,
            Instant now) {
        String serial = "arn:aws:iam::" + accountId + ":mfa" + path + name;
        if (devices.containsKey(serial)) {
            throw AwsError.alreadyExists("MFADevice entity at the same path and name already exists.");
        }
        Device device = new Device(serial, name, path, seed, now, tags);
        devices.put(serial, device);
        unassigned.put(serial, device);
        return device;
    }

    /** A fresh random seed for a new device: 40 bytes, 64 Base32 characters like AWS's. */
    byte[] newSeed() {
        byte[] seed = new byte[40];
        secureRandom.nextBytes(seed);
        return seed;
    }

    synchronized void enableDevice(String userName, String serial, String code1, String code2, Instant now) {
        User user = user(userName);
        Device device = otherDevices.containsKey(serial) ? otherDevices.get(serial) : device(serial);
        if (device.kind == DeviceKind.SECURITY_KEY) {
            throw AwsError.validation("A security key is registered in the console; it has no authentication codes.");
        }
        if (device.user != null) {
            throw AwsError.alreadyExists("MFA Device is already in use.");
        }
        if (user.devices.size() >= MAX_DEVICES_PER_USER) {
            throw AwsError.limitExceeded("Cannot exceed quota for MFADevicesPerUser: " + MAX_DEVICES_PER_USER);
        }
        long expected = Totp.step(now) + device.driftSteps;
        long step2 = consecutivePair(device, code1, code2, expected - CODE_WINDOW, expected + CODE_WINDOW)
                .orElseThrow(AwsError::invalidAuthenticationCode);
        device.lastUsedStep = step2;
        assign(device, user, now);
    }

    synchronized void resyncDevice(String userName, String serial, String code1, String code2, Instant now) {
        User user = user(userName);
        Device device = user.devices.get(serial);
        if (device == null) {
            throw AwsError.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
        }
        if (device.kind == DeviceKind.SECURITY_KEY) {
            throw AwsError.validation("A security key has no authentication codes to resynchronize.");
        }
        long nowStep = Totp.step(now);
        long expected = nowStep + device.driftSteps;
        long step2 = consecutivePair(device, code1, code2, expected - RESYNC_WINDOW, expected + RESYNC_WINDOW)
                .orElseThrow(AwsError::invalidAuthenticationCode);
        device.lastUsedStep = step2;
        device.driftSteps = step2 - nowStep;
    }

    /** The step of {@code code2} when {@code code1} is the step right before it and both are unused. */
    private static OptionalLong consecutivePair(Device device, String code1, String code2, long from, long to) {
        // code1's step must also be after the last accepted step: codes are single-use
        long lowest = device.lastUsedStep == Long.MIN_VALUE ? from : Math.max(from, device.lastUsedStep + 2);
        OptionalLong step2 = Totp.matchingStep(device.seed, code2, lowest, to);
        if (step2.isEmpty() || !Totp.matches(device.seed, code1, step2.getAsLong() - 1)) {
            return OptionalLong.empty();
        }
        return step2;
    }

    synchronized void deactivateDevice(String userName, String serial) {
        User user = user(userName);
        Device device = user.devices.remove(serial);
        if (device == null) {
            throw AwsError.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
        }
        device.user = null;
        device.enabled = null;
        switch (device.kind) {
            case VIRTUAL -> {
                assigned.remove(serial);
                unassigned.put(serial, device);
            }
            // a hardware token stays in the account, ready to be enabled again
            case HARDWARE -> device.lastUsedStep = Long.MIN_VALUE;
            // a security key is registered per user: deactivating it deletes it
            case SECURITY_KEY -> otherDevices.remove(serial);
        }
    }

    synchronized void deleteDevice(String serial) {
        Device device = device(serial);
        if (device.user != null) {
            throw AwsError.deleteConflict("MFA Device is still in use.");
        }
        devices.remove(serial);
        unassigned.remove(serial);
    }

    synchronized Device device(String serial) {
        Device device = devices.get(serial);
        if (device == null) {
            throw AwsError.noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
        }
        return device;
    }

    synchronized Page<DeviceSnapshot> listVirtualDevices(String assignmentStatus, String marker, int maxItems) {
        NavigableMap<String, Device> source = switch (assignmentStatus) {
            case "Assigned" -> assigned;
            case "Unassigned" -> unassigned;
            default -> devices;
        };
        return page(source, marker, maxItems).map(DeviceSnapshot::of);
    }

    synchronized Page<DeviceSnapshot> listMfaDevices(String userName, String marker, int maxItems) {
        return page(user(userName).devices, marker, maxItems).map(DeviceSnapshot::of);
    }

    synchronized Optional<String> seedOf(String serial) {
        Device device = devices.containsKey(serial) ? devices.get(serial) : otherDevices.get(serial);
        return device == null || device.seed == null ? Optional.empty() : Optional.of(Base32.encode(device.seed));
    }

    private void assign(Device device, User user, Instant now) {
        device.user = user;
        device.enabled = now;
        user.devices.put(device.serial, device);
        if (device.kind == DeviceKind.VIRTUAL) {
            unassigned.remove(device.serial);
            assigned.put(device.serial, device);
        }
    }

    /**
     * Checks a single MFA code from the user's own enabled device: within one step of the device's (drifted)
     * current step, and later than the last accepted one, which it then becomes.
     *
     * @throws AwsError {@code AccessDenied} with AWS's messages for an unknown serial or a wrong code
     */
    synchronized void verifyMfaCode(User user, String serial, String code, Instant now) {
        Device device = user == null ? null : user.devices.get(serial);
        // STS takes codes from virtual and hardware TOTP devices only: a security key is as good as no device
        if (device == null || device.kind == DeviceKind.SECURITY_KEY) {
            throw AwsError.accessDenied("MultiFactorAuthentication failed, unable to validate MFA code. Please "
                    + "verify your MFA serial number is valid and associated with this user.");
        }
        long expected = Totp.step(now) + device.driftSteps;
        long lowest = device.lastUsedStep == Long.MIN_VALUE ? expected - CODE_WINDOW
                : Math.max(expected - CODE_WINDOW, device.lastUsedStep + 1);
        OptionalLong step = Totp.matchingStep(device.seed, code, lowest, expected + CODE_WINDOW);
        if (step.isEmpty()) {
            throw AwsError.accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code.");
        }
        device.lastUsedStep = step.getAsLong();
    }

    // ------------------------------------------------------------------ access keys

    synchronized UserKey createAccessKey(String userName, Instant now, Duration propagationDelay) {
        User user = user(userName);
        if (user.keys.size() >= MAX_ACCESS_KEYS_PER_USER) {
            throw AwsError.limitExceeded("Cannot exceed quota for AccessKeysPerUser: " + MAX_ACCESS_KEYS_PER_USER);
        }
        String id;
        do {
            id = "AKIA" + randomKeyId();
        } while (accessKeys.containsKey(id));
        UserKey key = new UserKey(id, randomSecret(), user, now, now.plus(propagationDelay));
        accessKeys.put(id, key);
        user.keys.put(id, key);
        return key;
    }

    synchronized void deleteAccessKey(String userName, String accessKeyId) {
        User user = user(userName);
        if (user.keys.remove(accessKeyId) == null) {
            throw AwsError.noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found.");
        }
        accessKeys.remove(accessKeyId);
    }

    synchronized List<UserKey> accessKeys(String userName) {
        return List.copyOf(user(userName).keys.values());
    }

    synchronized UserKey accessKey(String accessKeyId) {
        return accessKeys.get(accessKeyId);
    }

    // ------------------------------------------------------------------ inline policies

    synchronized void putUserPolicy(String userName, String policyName, String document) {
        User user = user(userName);
        DenyPolicies.parse(document);
        int total = nonBlankLength(document);
        for (Map.Entry<String, String> existing : user.policies.entrySet()) {
            if (!existing.getKey().equals(policyName)) {
                total += nonBlankLength(existing.getValue());
            }
        }
        if (total > MAX_INLINE_POLICY_CHARS) {
            throw AwsError.limitExceeded("Maximum policy size of " + MAX_INLINE_POLICY_CHARS
                    + " bytes exceeded for user " + user.name);
        }
        user.policies.put(policyName, document);
    }

    private static int nonBlankLength(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    synchronized String userPolicy(String userName, String policyName) {
        String document = user(userName).policies.get(policyName);
        if (document == null) {
            throw AwsError.noSuchEntity("The user policy with name " + policyName + " cannot be found.");
        }
        return document;
    }

    synchronized void deleteUserPolicy(String userName, String policyName) {
        if (user(userName).policies.remove(policyName) == null) {
            throw AwsError.noSuchEntity("The user policy with name " + policyName + " cannot be found.");
        }
    }

    synchronized Page<String> listUserPolicies(String userName, String marker, int maxItems) {
        TreeMap<String, String> names = new TreeMap<>();
        user(userName).policies.keySet().forEach(name -> names.put(name, name));
        return page(names, marker, maxItems);
    }

    /** Whether an inline policy of the user explicitly denies the action to credentials issued at that time. */
    synchronized boolean explicitlyDenied(User user, String action, Instant tokenIssueTime) {
        return DenyPolicies.denies(user.policies.values(), action, tokenIssueTime);
    }

    // ------------------------------------------------------------------ sessions and roles

    synchronized Session issueSession(User user, AssumableRole role, String roleSessionName, boolean mfa,
            String sourceIdentity, Instant now, Duration duration) {
        String id;
        do {
            id = "ASIA" + randomKeyId();
        } while (sessions.containsKey(id) || accessKeys.containsKey(id));
        byte[] token = new byte[180];
        secureRandom.nextBytes(token);
        Session session = new Session(id, randomSecret(), "IQoJb3JpZ2luX2Vj" + Base64.getEncoder().encodeToString(token),
                now, now.plus(duration), user, role, roleSessionName, mfa, sourceIdentity);
        sessions.put(id, session);
        return session;
    }

    /** The session with that key id if the token matches it (compared in constant time). */
    synchronized Optional<Session> session(String accessKeyId, String token) {
        Session session = sessions.get(accessKeyId);
        if (session == null || token == null || !MessageDigest.isEqual(
                session.token().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    synchronized Optional<AssumableRole> roleByArn(String arn) {
        String prefix = "arn:aws:iam::" + accountId + ":role/";
        if (!arn.startsWith(prefix)) {
            return Optional.empty();
        }
        AssumableRole role = roles.get(arn.substring(arn.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT));
        return role != null && role.arn().equalsIgnoreCase(arn) ? Optional.of(role) : Optional.empty();
    }

    // ------------------------------------------------------------------ summary

    /** Counts for the control endpoint. */
    synchronized Map<String, Object> counts(Instant now) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("users", usersByName.size());
        counts.put("virtualMfaDevices", devices.size());
        counts.put("assignedDevices", assigned.size());
        counts.put("unassignedDevices", unassigned.size());
        counts.put("hardwareTokens", otherDevices.values().stream().filter(d -> d.kind == DeviceKind.HARDWARE).count());
        counts.put("securityKeys", otherDevices.values().stream().filter(d -> d.kind == DeviceKind.SECURITY_KEY).count());
        counts.put("accessKeys", accessKeys.size());
        counts.put("activeSessions", sessions.values().stream().filter(s -> s.expires().isAfter(now)).count());
        counts.put("roles", roles.values().stream().map(r -> r.spec().name()).toList());
        return counts;
    }

    // ------------------------------------------------------------------ helpers

    private <T> Page<T> page(NavigableMap<String, T> source, String marker, int maxItems) {
        NavigableMap<String, T> rest = source;
        if (marker != null) {
            rest = source.tailMap(decodeMarker(marker), false);
        }
        List<T> items = new ArrayList<>(Math.min(maxItems, rest.size()));
        String lastKey = null;
        for (Map.Entry<String, T> entry : rest.entrySet()) {
            if (items.size() == maxItems) {
                return new Page<>(items, encodeMarker(lastKey));
            }
            items.add(entry.getValue());
            lastKey = entry.getKey();
        }
        return new Page<>(items, null);
    }

    private static String encodeMarker(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeMarker(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsError.validation("Invalid Marker.");
        }
    }

    private String randomId(int length) {
        return randomString(random, ID_ALPHABET, length);
    }

    private String randomKeyId() {
        return randomString(random, KEY_ALPHABET, 16);
    }

    private String randomSecret() {
        return randomString(secureRandom, SECRET_ALPHABET, 40);
    }

    private static String randomString(Random source, char[] alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[source.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
