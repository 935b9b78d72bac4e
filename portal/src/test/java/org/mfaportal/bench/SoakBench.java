package org.mfaportal.bench;

import static org.mfaportal.bench.Figures.f;
import static org.mfaportal.bench.Figures.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mfaportal.aws.AwsClients;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.testing.PortalProcess;

/**
 * The fault soak (not in CI): 1,000+ issuances (bench.soak.issuances) from 8 workers against a packaged portal
 * whose AWS (the standalone emulator) throttles, fails, drops connections and is slow at seeded random points.
 * Every answer must be a success or a clear error (never a 500; a 503 carries Retry-After); once the faults
 * stop and the portal's sweeper has run, no access key is left; every request has its audit row.
 */
final class SoakBench {

    static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z-]+)\"");

    private SoakBench() {
    }

    static void run(BenchEnvironment env, BenchUsers users) throws Exception {
        int issuances = Integer.getInteger("bench.soak.issuances", 1000);
        env.propagationDelay(0);
        users.refreshTokens();
        Map<String, String> settings = new java.util.LinkedHashMap<>(BenchEnvironment.portalSettings(env.emulator));
        settings.put("quarkus.flyway.clean-at-start", "false");
        settings.put("portal.credentials.sweeper-interval", "1s");
        settings.put("portal.credentials.sweeper-grace", "3s");
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<String> unclear = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> requestIds = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        try (PortalProcess soak = new PortalProcess(BenchEnvironment.SIDE_PORTAL_PORT, settings, BenchEnvironment.portalEnvironment()).start()) {
            URI issue = soak.url().resolve("/api/v1/credentials");
            env.faults("{\"throttleProbability\":0.06,\"serviceUnavailableProbability\":0.04,"
                    + "\"internalFailureProbability\":0.02,\"dropConnectionProbability\":0.03,\"latencyMillis\":2,"
                    + "\"actions\":[\"ListMFADevices\",\"CreateAccessKey\",\"DeleteAccessKey\",\"GetCallerIdentity\","
                    + "\"GetSessionToken\"],\"seed\":20261124}");
            users.startTicker(300);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int w = 0; w < 8; w++) {
                pool.submit(() -> {
                    while (sent.incrementAndGet() <= issuances) {
                        String id = f("soak-%05d-%d", sent.get(), System.nanoTime() % 100000);
                        try {
                            BenchUsers.Lease lease = users.lease();
                            HttpResponse<String> r;
                            try {
                                r = client.send(HttpRequest.newBuilder(issue).timeout(Duration.ofSeconds(60))
                                        .header("Authorization", "Bearer " + lease.user().token)
                                        .header("X-Request-Id", id).header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + lease.code()
                                                + "\",\"durationSeconds\":900}")).build(),
                                        HttpResponse.BodyHandlers.ofString());
                            } finally {
                                users.release(lease);
                            }
                            requestIds.add(id);
                            Matcher m = CODE.matcher(r.body());
                            String code = r.statusCode() >= 400 && m.find() ? m.group(1) : "";
                            outcomes.computeIfAbsent(r.statusCode() + " " + code, k -> new AtomicInteger()).incrementAndGet();
                            boolean clear = r.statusCode() < 400
                                    || r.statusCode() < 500 && !code.isEmpty()
                                    || r.statusCode() == 503 && !code.isEmpty() && r.headers().firstValue("Retry-After").isPresent();
                            if (!clear) {
                                unclear.add(id + " " + r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            unclear.add(id + " " + e);
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.MINUTES);
            users.stopTicker();
            env.clearFaults();
            double seconds = (System.nanoTime() - start) / 1e9;

            // the portal's own sweeper (every 1 s, grace 3 s) must leave no key behind
            try (AwsClients clients = Bench.portalClients(env.emulator)) {
                IamGateway iam = new IamGateway(clients);
                Instant deadline = Instant.now().plusSeconds(60);
                int left;
                do {
                    Thread.sleep(1000);
                    left = users.users.stream().mapToInt(u -> iam.listAccessKeys(u.name).size()).sum();
                } while (left > 0 && Instant.now().isBefore(deadline));
                report("soak", "access keys left after the sweeper", String.valueOf(left), "0");
            }
            Set<String> audited = auditedRequestIds();
            Set<String> lost = new HashSet<>(requestIds);
            lost.removeAll(audited);
            report("soak", f("issuances under faults (%.0f s)", seconds), f("%d sent, %d unclear", requestIds.size(),
                    unclear.size()), "0 unclear");
            report("soak", "outcomes", new java.util.TreeMap<>(outcomes).toString(), "-");
            report("soak", "requests without an audit row", String.valueOf(lost.size()), "0");
            unclear.stream().limit(5).forEach(u -> System.out.println("  unclear: " + u));
            lost.stream().limit(5).forEach(u -> System.out.println("  unaudited: " + u));
        } finally {
            users.stopTicker();
            env.clearFaults();
        }
    }

    static Set<String> auditedRequestIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + BenchEnvironment.DATABASE, "postgres", "");
                PreparedStatement ps = c.prepareStatement("SELECT request_id FROM audit_event WHERE request_id LIKE 'soak-%'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
