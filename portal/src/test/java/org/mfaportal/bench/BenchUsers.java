package org.mfaportal.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.mfaportal.emulator.Totp;
import org.mfaportal.testing.Tokens;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The bench users with an active device each, and fresh codes for them under load. A TOTP code works once per
 * device and 30-second step, so a load of many issuances per second needs many devices and a moving clock: a
 * ticker moves the emulator clock one step every {@code tickMillis} (outside any timed section), each device
 * gives one code per step, and a worker holds a device for the duration of its request.
 */
final class BenchUsers implements AutoCloseable {

    /** A user: name, token, device seed, and the last step a code of theirs was handed out for. */
    static final class User {
        final String name;
        volatile String token;
        String seed;
        String serial;
        long lastStep = Long.MIN_VALUE;

        User(String name) {
            this.name = name;
        }
    }

    /** A user lent to a worker with a code valid now, for TOTP step {@code step}. */
    record Lease(User user, String code, long step) {
    }

    /** Code steps of the leases not yet returned, with how many of each. */
    private final TreeMap<Long, Integer> outstanding = new TreeMap<>();

    final BenchEnvironment env;
    final List<User> users = new ArrayList<>();
    final BlockingQueue<User> idle;
    /**
     * The emulator's clock as last read, and when (System.nanoTime): the emulator's clock runs on with the wall
     * clock between the ticker's moves, so its step also changes every 30 s on its own.
     */
    private record ClockReading(Instant at, long readNanos) {
    }

    private final AtomicReference<ClockReading> emulatorClock = new AtomicReference<>();
    private Thread ticker;

    BenchUsers(BenchEnvironment env, List<String> names) {
        this.env = env;
        names.forEach(n -> users.add(new User(n)));
        idle = new ArrayBlockingQueue<>(names.size());
    }

    /** Fresh tokens (Keycloak's access tokens live 5 minutes). */
    BenchUsers refreshTokens() {
        users.parallelStream().forEach(u -> u.token = Tokens.accessToken(u.name));
        return this;
    }

    /** Fresh tokens for a few users only. */
    void refreshTokens(User... some) {
        for (User u : some) {
            u.token = Tokens.accessToken(u.name);
        }
    }

    /** Enrolls and activates a device for every user through the portal's API. */
    BenchUsers enrollAll() {
        refreshTokens();
        for (User u : users) {
            HttpResponse<String> started = api(u, "POST", "/api/v1/mfa/enrollment", "");
            if (started.statusCode() == 409) {
                continue; // already active from an earlier phase
            }
            JsonNode e = BenchEnvironment.json(started);
            u.seed = e.get("secret").asText();
            u.serial = e.get("serialNumber").asText();
            Instant now = env.advanceClock();
            HttpResponse<String> activated = api(u, "POST", "/api/v1/mfa/enrollment/activate",
                    "{\"serialNumber\":\"" + u.serial + "\",\"code1\":\""
                            + Totp.code(u.seed, now.minusSeconds(Totp.STEP_SECONDS)) + "\",\"code2\":\""
                            + Totp.code(u.seed, now) + "\"}");
            if (activated.statusCode() != 200) {
                throw new IllegalStateException("activation of " + u.name + ": " + activated.statusCode() + " "
                        + activated.body());
            }
        }
        setEmulatorNow(env.advanceClock());
        idle.clear();
        idle.addAll(users);
        return this;
    }

    /**
     * Starts moving the emulator clock one step every {@code tickMillis}, to the middle of the next step, but never
     * past the last step in which a code still out with a worker is accepted (a slow request under load would
     * otherwise carry a code the clock has left behind, and fail for the harness's sake); it waits up to 10 s
     * for such requests to return.
     */
    void startTicker(long tickMillis) {
        ticker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(tickMillis);
                    long current = Totp.step(emulatorNow());
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (oldestOutstanding() < current && System.nanoTime() < giveUp) {
                        Thread.sleep(2); // a harness thread waiting for workers to return their codes
                    }
                    // One step on, landing ~15 s into it: the wall clock, which the emulator's clock follows
                    // between moves, then never carries it into another step behind the ticker's back.
                    long intoStep = Math.floorMod(emulatorNow().getEpochSecond(), Totp.STEP_SECONDS);
                    setEmulatorNow(env.advanceClock(Totp.STEP_SECONDS + Totp.STEP_SECONDS / 2 - intoStep));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the portal under load may slow the control endpoint down; try again next tick
                }
            }
        }, "emulator-clock-ticker");
        ticker.setDaemon(true);
        ticker.start();
    }

    void stopTicker() {
        if (ticker != null) {
            ticker.interrupt();
            ticker = null;
        }
    }

    /**
     * A user whose device has not given a code for the current step, and that code (for the next step, which
     * the emulator accepts for the current step and the two after it: a tick during the request does not spoil
     * it). Waits for the next tick when every idle device has been used this step.
     */
    Lease lease() throws InterruptedException {
        while (true) {
            User u = idle.poll(5, TimeUnit.SECONDS);
            if (u == null) {
                throw new IllegalStateException("no idle bench user within 5 s");
            }
            long step;
            boolean unused;
            synchronized (outstanding) {
                // read the clock and record the lease together, so the ticker cannot slip between the two
                step = Totp.step(emulatorNow()) + 1;
                unused = step > u.lastStep;
                if (unused) {
                    u.lastStep = step;
                    outstanding.merge(step, 1, Integer::sum);
                }
            }
            if (unused) {
                return new Lease(u, Totp.codeAtStep(org.mfaportal.emulator.Base32.decode(u.seed), step, Totp.DIGITS),
                        step);
            }
            idle.add(u);
            Thread.sleep(2);
        }
    }

    void release(Lease lease) {
        synchronized (outstanding) {
            outstanding.computeIfPresent(lease.step(), (step, n) -> n == 1 ? null : n - 1);
        }
        idle.add(lease.user());
    }

    private void setEmulatorNow(Instant now) {
        emulatorClock.set(new ClockReading(now, System.nanoTime()));
    }

    /** The emulator's time now: the last reading plus the wall-clock time since. */
    private Instant emulatorNow() {
        ClockReading reading = emulatorClock.get();
        return reading.at().plusNanos(System.nanoTime() - reading.readNanos());
    }

    private long oldestOutstanding() {
        synchronized (outstanding) {
            return outstanding.isEmpty() ? Long.MAX_VALUE : outstanding.firstKey();
        }
    }

    /**
     * One issuance ({@code POST /api/v1/credentials}, 900 s) by a leased user with an unused code; the timed
     * section starts once the lease is held (waiting for a device is the harness's, not the portal's).
     */
    HttpResponse<String> issue(java.net.http.HttpClient client, URI credentials) throws Exception {
        Lease lease = lease();
        Bench.Run.startClock();
        try {
            return client.send(HttpRequest.newBuilder(credentials).header("Authorization", "Bearer " + lease.user().token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"code\":\"" + lease.code() + "\",\"durationSeconds\":900}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            release(lease);
        }
    }

    /** A code for the current emulator step, for sequential benchmarks that move the clock themselves. */
    String freshCode(User u) {
        Instant now = env.advanceClock();
        setEmulatorNow(now);
        u.lastStep = Totp.step(now);
        return Totp.code(u.seed, now);
    }

    HttpResponse<String> api(User u, String method, String path, String json) {
        URI uri = env.portal.url().resolve(path);
        return env.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + u.token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Override
    public void close() {
        stopTicker();
    }
}
