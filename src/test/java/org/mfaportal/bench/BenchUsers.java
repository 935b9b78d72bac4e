package org.mfaportal.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** A user lent to a worker with a code valid now. */
    record Lease(User user, String code) {
    }

    final BenchEnvironment env;
    final List<User> users = new ArrayList<>();
    final BlockingQueue<User> idle;
    final AtomicReference<Instant> emulatorNow = new AtomicReference<>();
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
        emulatorNow.set(env.advanceClock());
        idle.clear();
        idle.addAll(users);
        return this;
    }

    /** Starts moving the emulator clock one step every {@code tickMillis}. */
    void startTicker(long tickMillis) {
        ticker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(tickMillis);
                    emulatorNow.set(env.advanceClock());
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
            long step = Totp.step(emulatorNow.get()) + 1;
            if (step > u.lastStep) {
                u.lastStep = step;
                return new Lease(u, Totp.codeAtStep(org.mfaportal.emulator.Base32.decode(u.seed), step, Totp.DIGITS));
            }
            idle.add(u);
            Thread.sleep(2);
        }
    }

    void release(Lease lease) {
        idle.add(lease.user());
    }

    /** A code for the current emulator step, for sequential benchmarks that move the clock themselves. */
    String freshCode(User u) {
        Instant now = env.advanceClock();
        emulatorNow.set(now);
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
