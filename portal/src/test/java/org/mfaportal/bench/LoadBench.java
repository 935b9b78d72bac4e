package org.mfaportal.bench;

import static org.mfaportal.bench.Figures.f;
import static org.mfaportal.bench.Figures.report;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mfaportal.testing.Tokens;

/**
 * 200 simulated users for 60 s (bench.load.users, bench.load.seconds): 70 % page views with a signed-in
 * session, 20 % credential issuance over the API, 10 % the admin devices overview (GET /api/v1/admin/devices
 * as bob, an admin). Reports errors, latency, and the slope of RSS and heap sampled every 2 s.
 */
final class LoadBench {

    private LoadBench() {
    }

    static void run(BenchEnvironment env, BenchUsers users) throws Exception {
        int concurrency = Integer.getInteger("bench.load.users", 200);
        int seconds = Integer.getInteger("bench.load.seconds", 60);
        env.propagationDelay(0);
        users.refreshTokens();
        List<String> sessions = Bench.pageSessions(env, 10);
        URI home = env.portal.url();
        URI resync = env.portal.url().resolve("/mfa/resync");
        URI issue = env.portal.url().resolve("/api/v1/credentials");
        URI listing = env.portal.url().resolve("/api/v1/admin/devices");
        // Refreshed by the sampler every minute: a longer run outlives an access token.
        AtomicReference<String> admin = new AtomicReference<>(Tokens.accessToken("bob"));

        List<double[]> samples = new ArrayList<>();
        long pid = env.portal.pid();
        long t0 = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    samples.add(new double[] { (System.nanoTime() - t0) / 1e9, BenchEnvironment.rssMiB(pid),
                            heapMiB(env) });
                    if (samples.size() % 30 == 0) {
                        admin.set(Tokens.accessToken("bob"));
                        users.refreshTokens();
                    }
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a sample lost under load; the next one counts
                }
            }
        }, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        AtomicLong n = new AtomicLong();
        users.startTicker(300);
        Bench.Run run;
        try {
            run = Bench.Run.of(concurrency, Duration.ofSeconds(seconds), client -> {
                long i = n.getAndIncrement();
                int kind = (int) (i % 10);
                String session = sessions.get((int) (i % sessions.size()));
                if (kind < 7) {
                    return client.send(HttpRequest.newBuilder(kind % 2 == 0 ? home : resync).header("Cookie", session)
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
                if (kind == 9) {
                    return client.send(HttpRequest.newBuilder(listing).header("Authorization", "Bearer " + admin.get())
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
                return users.issue(client, issue);
            });
        } finally {
            users.stopTicker();
            sampler.interrupt();
        }
        report("load", f("%d users %d s: requests, errors", concurrency, seconds),
                f("%d ok, %d errors", run.ok.get(), run.errors.get()), "0 errors");
        report("load", "latency (all kinds)", Figures.summary(run.latency), "-");
        report("load", "throughput", f("%.0f/s", run.throughput()), "-");
        synchronized (samples) {
            report("load", f("RSS slope over %d samples", samples.size()), f("%+.2f MiB/min (last %.0f MiB)",
                    slope(samples, 1) * 60, samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1]), "~0");
            report("load", "heap-used slope", f("%+.2f MiB/min", slope(samples, 2) * 60), "~0");
            // The first half includes the JVM growing into its heap and compiling; the trend is in the second.
            List<double[]> settled = samples.subList(samples.size() / 2, samples.size());
            report("load", f("second half (%d samples): RSS slope, heap-used slope", settled.size()),
                    f("%+.2f MiB/min, %+.2f MiB/min", slope(settled, 1) * 60, slope(settled, 2) * 60), "~0");
        }
    }

    static double heapMiB(BenchEnvironment env) {
        String metrics = env.get(env.portal.managementUrl().resolve("/q/metrics")).body();
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum / (1024 * 1024);
    }

    /** Least-squares slope of column {@code y} over column 0 (seconds). */
    static double slope(List<double[]> samples, int y) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
        double my = samples.stream().mapToDouble(s -> s[y]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] s : samples) {
            num += (s[0] - mx) * (s[y] - my);
            den += (s[0] - mx) * (s[0] - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}
