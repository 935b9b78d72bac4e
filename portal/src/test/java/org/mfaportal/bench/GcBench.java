package org.mfaportal.bench;

import static org.mfaportal.bench.Figures.f;
import static org.mfaportal.bench.Figures.ms;
import static org.mfaportal.bench.Figures.report;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Which garbage collector and heap for the container (768 MiB, 1 CPU): the main portal restarted with each set of
 * JVM options ({@code -Dbench.gc.options}, sets separated by {@code ;}, options within a set by spaces or commas,
 * commas passing through {@code BENCH_OPTS} unharmed), 100 users with ~1 s think time issuing
 * credentials for {@code bench.gc.seconds} after {@code bench.gc.warmup-seconds} untimed, then the issuance
 * overhead p50/p99 (latency minus the mean AWS time per issuance) against the RSS the process reached. Every set
 * carries {@code -XX:ActiveProcessorCount=1}: the JVM in the container sees one CPU and sizes its GC and compiler
 * threads for it. Under the loopback profile, so that AWS time does not drown what the collector adds.
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
        List<String> sets = List.of(System.getProperty("bench.gc.options", DEFAULT_SETS).split(";"));
        Duration think = Duration.ofMillis(Integer.getInteger("bench.overhead.think-ms", 1000));
        env.profile("loopback");
        env.propagationDelay(0);
        URI issue = env.portal.url().resolve("/api/v1/credentials");
        try {
            for (String options : sets) {
                options = options.replace(',', ' ').strip();
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
                    double awsMs = 1000 * (after.get("sum") - before.get("sum")) / Math.max(1, api.ok.get());
                    double rss = BenchEnvironment.rssMiB(env.portal.pid());
                    report("gc", options.strip() + ": issuance latency", Figures.summary(api.latency), "-");
                    report("gc", options.strip() + ": overhead p50 / p99, RSS, errors",
                            f("%.2fms / %.2fms, %.0f MiB, %d errors", ms(api.latency, 50) - awsMs,
                                    ms(api.latency, 99) - awsMs, rss, api.errors.get()), "p99 <= 10ms, RSS < 768 MiB");
                    SideBySide.figure("gc: " + options.strip() + ": overhead p50 / p99, RSS", "loopback",
                            f("%.1f / %.1f ms, %.0f MiB", ms(api.latency, 50) - awsMs, ms(api.latency, 99) - awsMs,
                                    rss));
                } finally {
                    users.stopTicker();
                }
            }
        } finally {
            env.restartPortal(BenchEnvironment.portalJvmOptions());
        }
    }
}
