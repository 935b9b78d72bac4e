package org.mfaportal.bench;

import static org.mfaportal.bench.Figures.f;
import static org.mfaportal.bench.Figures.ms;
import static org.mfaportal.bench.Figures.report;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

/**
 * Which garbage collector and heap for the container (768 MiB, 1 CPU): the main portal restarted with each set of
 * JVM options ({@code -Dbench.gc.options}, sets separated by {@code ;}, options within a set by spaces or commas,
 * commas passing through {@code BENCH_OPTS} unharmed), 100 users with ~1 s think time issuing
 * credentials for {@code bench.gc.seconds} after {@code bench.gc.warmup-seconds} untimed, then the issuance
 * overhead p50/p99 (latency minus the mean AWS time per issuance) against the RSS the process reached. Every set
 * carries {@code -XX:ActiveProcessorCount=1}: the JVM in the container sees one CPU and sizes its GC and compiler
 * threads for it. Under the loopback profile, so that AWS time does not drown what the collector adds.
 * {@code bench.gc.rounds} (default 1) repeats the sets interleaved and pools each set's figures over the rounds;
 * {@code bench.gc.users} (default 100) sets the number of users. The collector's own stop-the-world pauses during
 * the timed part come from its log ({@code -Xlog:gc,gc+phases}, {@code target/gc-bench-N.log}): on a busy machine they
 * tell the collectors apart where the latency is mostly queueing.
 */
final class GcBench {

    static final String DEFAULT_SETS = String.join(";",
            "-XX:+UseSerialGC -Xms192m -Xmx576m",
            "-XX:+UseParallelGC -Xms192m -Xmx576m",
            "-XX:+UseG1GC -Xms192m -Xmx576m",
            "-XX:+UseG1GC -Xms256m -Xmx256m -XX:MaxGCPauseMillis=5",
            "-XX:+UseZGC -Xms256m -Xmx576m",
            "-XX:+UseSerialGC -Xmn96m -Xms256m -Xmx576m",
            // the container's choice (decision 0012): 60 % of 768 MiB
            "-XX:+UseG1GC -Xms192m -Xmx460m");

    /** A stop-the-world pause in a unified GC log line: Serial, Parallel, G1 ("Pause Young ..."), ZGC ("Pause Mark Start"). */
    private static final Pattern PAUSE = Pattern.compile("(?m)\\] GC\\(\\d+\\) Pause .*? ([0-9.]+)ms$");

    private GcBench() {
    }

    static void run(BenchEnvironment env, BenchUsers users) throws Exception {
        int seconds = Integer.getInteger("bench.gc.seconds", 60);
        int warmup = Integer.getInteger("bench.gc.warmup-seconds", 20);
        int rounds = Integer.getInteger("bench.gc.rounds", 1);
        int userCount = Integer.getInteger("bench.gc.users", 100);
        List<String> sets = List.of(System.getProperty("bench.gc.options", DEFAULT_SETS).split(";")).stream()
                .map(o -> o.replace(',', ' ').strip()).toList();
        Duration think = Duration.ofMillis(Integer.getInteger("bench.overhead.think-ms", 1000));
        env.profile("loopback");
        env.propagationDelay(0);
        URI issue = env.portal.url().resolve("/api/v1/credentials");
        Map<String, Histogram> overhead = new LinkedHashMap<>();
        Map<String, Double> rss = new LinkedHashMap<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<String, Histogram> pauses = new LinkedHashMap<>();
        Map<String, Double> pausedSeconds = new LinkedHashMap<>();
        int setNumber = 0;
        try {
            // Rounds interleave the sets (A B C, A B C, ...) so that a machine whose load changes during the run
            // weighs on every set alike: a comparison, even where the absolute figures are provisional.
            for (int round = 1; round <= rounds; round++) {
                for (String options : sets) {
                    // the collector's own pauses, from its log: what it adds, apart from queueing on a busy machine
                    Path gcLog = Path.of("target", "gc-bench-" + (++setNumber) + ".log").toAbsolutePath();
                    Files.deleteIfExists(gcLog);
                    String jvm = options + " -XX:ActiveProcessorCount=1 -XX:+ExitOnOutOfMemoryError -Xlog:gc,gc+phases:file="
                            + gcLog;
                    env.restartPortal(jvm);
                    users.refreshTokens();
                    users.startTicker(400);
                    try {
                        Bench.Run.of(userCount, Duration.ofSeconds(warmup), think,
                                client -> users.issue(client, issue));
                        long logOffset = Files.size(gcLog);
                        Map<String, Double> before = Bench.awsCallSeconds(env);
                        Bench.Run api = Bench.Run.of(userCount, Duration.ofSeconds(seconds), think,
                                client -> users.issue(client, issue));
                        Histogram paused = pauses.computeIfAbsent(options, o -> Figures.histogram());
                        double total = pausesSince(gcLog, logOffset, paused);
                        pausedSeconds.merge(options, total, Double::sum);
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
                Histogram p = pauses.get(options);
                report("gc", options + ": GC pauses n, p50 / p99 / max, paused share", f("%d, %.2f / %.2f / %.2fms, %.2f%%",
                        p.getTotalCount(), ms(p, 50), ms(p, 99), p.getMaxValue() / 1000.0,
                        100 * pausedSeconds.get(options) / (rounds * seconds)), "-");
                SideBySide.figure("gc: " + options + ": GC pauses n, p50 / p99 / max", "loopback",
                        f("%d, %.1f / %.1f / %.1f ms", p.getTotalCount(), ms(p, 50), ms(p, 99),
                                p.getMaxValue() / 1000.0));
                SideBySide.figure("gc: " + options + ": overhead p50 / p99, max RSS (" + userCount + " users, " + rounds
                        + " x " + seconds + " s)", "loopback", f("%.1f / %.1f ms, %.0f MiB", ms(h, 50), ms(h, 99), rss.get(options)));
                SideBySide.target("gc " + options, "gc, 100 users with think time, " + options
                        + ": issuance overhead p99 <= 10 ms", "loopback", ms(h, 99), 10, false, "ms");
            }
        } finally {
            env.restartPortal(BenchEnvironment.portalJvmOptions());
        }
    }

    /** Records the pauses the collector logged after {@code offset} (unified logging, "Pause ... 1.234ms"); their sum in seconds. */
    static double pausesSince(Path gcLog, long offset, Histogram into) throws IOException {
        String text;
        try (var in = Files.newInputStream(gcLog)) {
            in.skipNBytes(offset);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        double total = 0;
        Matcher m = PAUSE.matcher(text);
        while (m.find()) {
            double millis = Double.parseDouble(m.group(1));
            into.recordValue(Math.round(millis * 1000));
            total += millis / 1000;
        }
        return total;
    }
}
