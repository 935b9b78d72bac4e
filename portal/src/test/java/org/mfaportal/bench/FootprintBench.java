package org.mfaportal.bench;

import static org.mfaportal.bench.Figures.f;
import static org.mfaportal.bench.Figures.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.mfaportal.testing.Jdks;
import org.mfaportal.testing.PortalProcess;
import org.mfaportal.testing.Subprocess;
import org.mfaportal.testing.Tokens;

/**
 * Time to ready and memory. Time to ready is measured for three ways of launching the same packaged portal: as
 * is ({@code java -jar} on the build's JDK 17), with the AppCDS archive the container image builds
 * ({@code docker/Dockerfile}: a class-data archive of everything loaded up to static init, made with the
 * image's own JVM), and on JDK 25 with an AOT cache (JEP 483/515) trained by a short workload. RSS is read
 * from {@code /proc} after each kind of load.
 */
final class FootprintBench {

    private static final int PORT = BenchEnvironment.FOOTPRINT_PORT;

    private FootprintBench() {
    }

    static void run(BenchEnvironment env, BenchUsers users) throws Exception {
        int starts = Integer.getInteger("bench.footprint.starts", 5);
        Map<String, String> settings = new LinkedHashMap<>(BenchEnvironment.portalSettings(env.emulator));
        settings.put("quarkus.flyway.clean-at-start", "false");
        Path jdk = Path.of(System.getProperty("java.home"));
        Path work = Files.createDirectories(Path.of("target", "bench"));
        List<String> sessions = Bench.pageSessions(env, 5);

        readiness(f("JDK %d, java -jar", Runtime.version().feature()), jdk, List.of(), settings, starts);

        Path archive = work.resolve("app-cds.jsa");
        Files.deleteIfExists(archive);
        generateAppCds(jdk, archive);
        readiness(f("JDK %d + AppCDS (as docker/Dockerfile builds it)", Runtime.version().feature()), jdk,
                List.of("-XX:SharedArchiveFile=" + archive), settings, starts);

        Optional<Path> jdk25 = Jdks.atLeast(25);
        if (jdk25.isPresent()) {
            Path cache = work.resolve("app.aot");
            Files.deleteIfExists(cache);
            try (PortalProcess training = new PortalProcess(PORT, settings, BenchEnvironment.portalEnvironment())
                    .withJava(jdk25.get(), List.of("-XX:AOTCacheOutput=" + cache))) {
                training.start();
                workload(env, users, training.url(), sessions, 10);
            } // the JVM writes the cache as it exits; close() waits for that
            Bench.check(Files.isRegularFile(cache), "AOT cache written", cache.toString());
            readiness("JDK 25 + AOT cache (trained by 10 s of mixed requests)", jdk25.get(),
                    List.of("-XX:AOTCache=" + cache), settings, starts);
        } else {
            report("footprint", "JDK 25 + AOT cache", "not measured: no JDK 25 under /usr/lib/jvm", "< 2s");
        }

        // RSS of the main portal after a mixed load at 50 clients
        Bench.Run load = workload(env, users, env.portal.url(), sessions, 20);
        report("footprint", f("RSS after a 20 s mixed load at 50 clients (%d requests, %d errors; JVM %s)",
                load.ok.get() + load.errors.get(), load.errors.get(), BenchEnvironment.portalJvmOptions()),
                f("%.0f MiB", BenchEnvironment.rssMiB(env.portal.pid())), "< 300 MiB");
    }

    private static void readiness(String launch, Path jdk, List<String> options, Map<String, String> settings,
            int starts) {
        Histogram ready = Figures.histogram();
        double idleRss = 0;
        for (int i = 0; i < starts; i++) {
            try (PortalProcess p = new PortalProcess(PORT, settings, BenchEnvironment.portalEnvironment())
                    .withJava(jdk, options)) {
                p.start();
                ready.recordValue(p.startedIn().toNanos() / 1000);
                idleRss = BenchEnvironment.rssMiB(p.pid());
            }
        }
        report("footprint", "time to ready (process start -> /q/health/ready 200), " + launch, Figures.summary(ready),
                "< 2s");
        report("footprint", "RSS right after ready, " + launch, f("%.0f MiB", idleRss), "-");
    }

    /**
     * The AppCDS archive exactly as docker/Dockerfile makes it: the packaged jar with Quarkus' generation switch,
     * which stops the portal before it serves (no database, identity provider or AWS needed), archived by the
     * JVM as it exits.
     */
    private static void generateAppCds(Path jdk, Path archive) {
        List<String> command = List.of(jdk.resolve("bin/java").toString(), "-XX:ArchiveClassesAtExit=" + archive,
                "-Dquarkus.appcds.generate=true", "-Dquarkus.oidc.auth-server-url=http://127.0.0.1:9/realms/unused",
                "-jar", "target/quarkus-app/quarkus-run.jar");
        Subprocess p = Subprocess.of(command).logTo(Path.of("target", "bench", "app-cds.log")).run(Duration.ofSeconds(120));
        Bench.check(p.exitValue() == 0 && Files.isRegularFile(archive), "AppCDS archive generation",
                "see target/bench/app-cds.log");
    }

    /**
     * 50 clients for {@code seconds}: three in four render the home page of a signed-in session, one in four
     * issues credentials over the API; every twentieth request is the admin devices overview.
     */
    private static Bench.Run workload(BenchEnvironment env, BenchUsers users, URI portal, List<String> sessions,
            int seconds) throws Exception {
        URI issue = portal.resolve("/api/v1/credentials");
        URI devices = portal.resolve("/api/v1/admin/devices");
        String admin = Tokens.accessToken("bob");
        users.refreshTokens();
        users.startTicker(400);
        AtomicLong counter = new AtomicLong();
        try {
            return Bench.Run.of(50, Duration.ofSeconds(seconds), client -> {
                int n = (int) counter.getAndIncrement();
                if (n % 20 == 19) {
                    return client.send(HttpRequest.newBuilder(devices).header("Authorization", "Bearer " + admin)
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
                if (n % 4 != 0) {
                    return client.send(HttpRequest.newBuilder(portal).header("Cookie", sessions.get(n % sessions.size()))
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
                return users.issue(client, issue);
            });
        } finally {
            users.stopTicker();
        }
    }
}
