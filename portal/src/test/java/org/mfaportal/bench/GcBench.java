package org.mfaportal.bench;

import static org.mfaportal.bench.Figures.f;
import static org.mfaportal.bench.Figures.ms;
import static org.mfaportal.bench.Figures.report;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Which garbage collector and heap for the container (768 MiB, 1 CPU): the main portal restarted with each set of
 * JVM options ({@code -Dbench.gc.options}, sets separated by {@code ;}, options within a set by spaces or commas,
 * commas passing through {@code BENCH_OPTS} unharmed), 100 users with ~1 s think time issuing
 * credentials for {@code bench.gc.seconds} after {@code bench.gc.warmup-seconds} untimed, then the issuance
 * overhead p50/p99 (latency minus the mean AWS time per issuance) against the RSS the process reached. Every set
 * carries {@code -XX:ActiveProcessorCount=1}: the JVM in the container sees one CPU and sizes its GC and compiler
 * threads for it. Under the loopback profile, so that AWS time does not drown what the collector adds.
 * {@code bench.gc.rounds} (default 1) repeats the sets interleaved and pools each set's figures over the rounds.
 */
final class GcBench {

    static final String DEFAULT_SETS = String.join(";",
            "-XX:+UseSerialGC -Xms192m -Xmx576m",
            "-XX:+UseParallelGC -Xms192m -Xmx576m",
            "-XX:+UseG1GC -Xms192m -Xmx576m",
            "-XX:+UseG1GC -Xms256m -Xmx256m -XX:MaxGCPauseMillis=5",
            "-XX:+UseZGC -Xms256m -Xmx576m",
            "-XX:+UseSerialGC -Xmn96m -Xms256m -Xmx576m");

    private GcBench() {
    }

    static void run(BenchEnvironment env, BenchUsers users) throws Exception {
        int seconds = Integer.getInteger("bench.gc.seconds", 60);
        int warmup = Integer.getInteger("bench.gc.warmup-seconds", 20);
        int rounds = Integer.getInteger("bench.gc.rounds", 1);
        List<String> sets = List.of(System.getProperty("bench.gc.options", DEFAULT_SETS).split(";")).stream()
                .map(o -> o.replace(',', ' ').strip()).toList();
        Duration think = Duration.ofMillis(Integer.getInteger("bench.overhead.think-ms", 1000));
        env.profile("loopback");
        env.propagationDelay(0);
        URI issue = env.portal.url().resolve("/api/v1/credentials");
        Map<String, Histogram> overhead = new LinkedHashMap<>();
        Map<String, Double> rss = new LinkedHashMap<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        try {
            // Rounds interleave the sets (A B C, A B C, ...) so that a machine whose load changes during the run
            // weighs on every set alike: a comparison, even where the absolute figures are provisional.
            for (int round = 1; round <= rounds; round++) {
                for (String options : sets) {
                    String jvm = options + " -XX:ActiveProcessorCount=1 -XX:+ExitOnOutOfMemoryError";
                    env.restartPortal(jvm);
                    users.refreshTokens();
                    users.startTicker(400);
                    try {
                        Bench.Run.of(100, Duration.ofSeconds(warmup), think, client -> users.issue(client, issue));
                        Map<String, Double> before = Bench.awsCallSeconds(env);
                        Bench.Run api = Bench.Run.of(100, Duration.ofSeconds(seconds), think,
                                client -> users.issue(client, issue));
                        Map<String, Double> after = Bench.awsCallSeconds(env);
                        long awsMicros = Math.round(1e6 * (after.get("sum") - before.get("sum"))
                                / Math.max(1, api.ok.get()));
                        double mib = BenchEnvironment.rssMiB(env.portal.pid());
                        report("gc", options + ": round " + round + " of " + rounds + ", issuance latency",
                                Figures.summary(api.latency) + f(", AWS %.2fms, RSS %.0f MiB", awsMicros / 1000.0,
                                        mib), "-");
                        Histogram mine = overhead.computeIfAbsent(options, o -> Figures.histogram());
                        // overhead = latency minus the mean AWS time per issuance of this round
                        for (var v : api.latency.recordedValues()) {
                            mine.recordValueWithCount(Math.max(0, v.getValueIteratedTo() - awsMicros),
                                    v.getCountAtValueIteratedTo());
                        }
                        rss.merge(options, mib, Math::max);
                        errors.merge(options, api.errors.get(), Long::sum);
                    } finally {
                        users.stopTicker();
                    }
                }
            }
            for (String options : sets) {
                Histogram h = overhead.get(options);
                report("gc", options + ": overhead p50 / p99, max RSS, errors", f("%.2fms / %.2fms, %.0f MiB, %d errors",
                        ms(h, 50), ms(h, 99), rss.get(options), errors.get(options)), "p99 <= 10ms, RSS < 768 MiB");
                SideBySide.figure("gc: " + options + ": overhead p50 / p99, max RSS (" + rounds + " x " + seconds
                        + " s)", "loopback", f("%.1f / %.1f ms, %.0f MiB", ms(h, 50), ms(h, 99), rss.get(options)));
                SideBySide.target("gc " + options, "gc, 100 users with think time, " + options
                        + ": issuance overhead p99 <= 10 ms", "loopback", ms(h, 99), 10, false, "ms");
            }
        } finally {
            env.restartPortal(BenchEnvironment.portalJvmOptions());
        }
    }
}
