package org.mfaportal.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator on its own, from the module's runnable jar (docs/emulator.md):
 *
 * <pre>
 * java -jar mfa-portal-emulator-standalone.jar --port 4566 --seed-users '/engineers/:alice,bob;/contractors/:carol'
 * </pre>
 *
 * Options: {@code --host}, {@code --port}, {@code --account-id}, {@code --seed-users},
 * {@code --seed-devices user:hardware:SERIAL:SEED,user:security-key:NAME},
 * {@code --role name:maxSeconds:/path/[:no-mfa]} (repeatable), {@code --propagation-delay SECONDS} or
 * {@code MIN-MAX}, {@code --latency-profile loopback|realistic}, {@code --iam-latency MILLIS[,JITTER[,NEW]]},
 * {@code --sts-latency MILLIS[,JITTER[,NEW]]},
 * {@code --generated-users COUNT}, {@code --generated-path /generated/}, {@code --with-device-fraction 0.5},
 * {@code --orphan-devices N}, {@code --random-seed N}, {@code --portal-key ID}, {@code --portal-secret SECRET}.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 4566;
        EmulatorSettings settings = EmulatorSettings.defaults();
        List<EmulatorSettings.SeedRole> roles = new ArrayList<>();
        int generatedCount = 0;
        String generatedPath = "/generated/";
        double fraction = 0;
        int orphans = 0;
        String portalKey = settings.portalAccessKeyId();
        String portalSecret = settings.portalSecretAccessKey();
        // options that refine a profile apply after it, whatever their order on the command line
        LatencyModel.Profile profile = LatencyModel.Profile.LOOPBACK;
        Duration[] propagation = null;
        LatencyModel.ServiceLatency iamLatency = null;
        LatencyModel.ServiceLatency stsLatency = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if ("--help".equals(option) || "-h".equals(option)) {
                usage();
                return;
            }
            if (i + 1 >= args.length) {
                fail("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--account-id" -> settings = settings.withAccountId(value);
                case "--seed-users" -> settings = settings.withSeedUsers(EmulatorSettings.SeedUser.parseAll(value));
                case "--seed-devices" -> settings = settings.withSeedDevices(
                        EmulatorSettings.SeedDevice.parseAll(value));
                case "--role" -> roles.add(EmulatorSettings.SeedRole.parse(value));
                case "--propagation-delay" -> propagation = parseRange(value);
                case "--latency-profile" -> profile = LatencyModel.Profile.parse(value);
                case "--iam-latency" -> iamLatency = parseLatency(value);
                case "--sts-latency" -> stsLatency = parseLatency(value);
                case "--generated-users" -> generatedCount = Integer.parseInt(value);
                case "--generated-path" -> generatedPath = value;
                case "--with-device-fraction" -> fraction = Double.parseDouble(value);
                case "--orphan-devices" -> orphans = Integer.parseInt(value);
                case "--random-seed" -> settings = settings.withRandomSeed(Long.parseLong(value));
                case "--portal-key" -> portalKey = value;
                case "--portal-secret" -> portalSecret = value;
                default -> fail("unknown option " + option);
            }
        }
        settings = settings.withProfile(profile);
        if (propagation != null) {
            settings = settings.withPropagationDelay(propagation[0], propagation[1]);
        }
        settings = settings.withLatency(new LatencyModel(iamLatency != null ? iamLatency : settings.latency().iam(),
                stsLatency != null ? stsLatency : settings.latency().sts()));
        boolean defaultSecret = portalSecret.equals(EmulatorSettings.DEFAULT_PORTAL_SECRET);
        settings = settings.withRoles(roles).withPortalKey(portalKey, portalSecret)
                .withGeneratedUsers(new EmulatorSettings.GeneratedUsers(generatedCount, generatedPath, fraction,
                        orphans));

        EmulatorServer server = new EmulatorServer(new AwsEmulator(settings));
        URI endpoint = server.start(host, port);
        System.out.println("AWS IAM/STS emulator listening on " + endpoint);
        System.out.println("  account id        " + settings.accountId());
        System.out.println("  portal key id     " + settings.portalAccessKeyId());
        // a secret the operator chose is not echoed; the built-in one is public and documented
        System.out.println("  portal secret     " + (defaultSecret ? settings.portalSecretAccessKey()
                : "(the value given with --portal-secret)"));
        System.out.println("  latency           IAM " + describe(settings.latency().iam()) + ", STS "
                + describe(settings.latency().sts()) + ", key propagation " + settings.propagationDelay().toSeconds()
                + (settings.propagationDelayMax().equals(settings.propagationDelay()) ? ""
                        : "-" + settings.propagationDelayMax().toSeconds()) + " s");
        System.out.println("  control endpoint  " + endpoint + ControlEndpoint.PREFIX + "/state");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** {@code 5} or {@code 4-12} (seconds). */
    static Duration[] parseRange(String value) {
        String[] parts = value.split("-", 2);
        Duration min = Duration.ofSeconds(Long.parseLong(parts[0].trim()));
        Duration max = parts.length == 2 ? Duration.ofSeconds(Long.parseLong(parts[1].trim())) : min;
        return new Duration[] { min, max };
    }

    /** {@code 80}, {@code 80,10} or {@code 80,10,160}: base, mean jitter, new-connection cost, in milliseconds. */
    static LatencyModel.ServiceLatency parseLatency(String value) {
        String[] parts = value.split(",");
        if (parts.length > 3) {
            throw new IllegalArgumentException("latency is MILLIS[,JITTER[,NEW_CONNECTION]]: " + value);
        }
        long[] millis = new long[3];
        for (int i = 0; i < parts.length; i++) {
            millis[i] = Long.parseLong(parts[i].trim());
        }
        return new LatencyModel.ServiceLatency(millis[0], millis[1], millis[2]);
    }

    private static String describe(LatencyModel.ServiceLatency latency) {
        return latency.millis() + " ms (+~" + latency.jitterMillis() + " ms jitter, +" + latency.newConnectionMillis()
                + " ms per new connection)";
    }

    private static void usage() {
        System.out.println("""
                usage: java -jar mfa-portal-emulator-standalone.jar
                           [--host 127.0.0.1] [--port 4566] [--account-id 123456789012]
                           [--seed-users '/engineers/:alice,bob;/contractors/:carol']
                           [--seed-devices 'alice:hardware:GAHT00000001:BASE32SEED,alice:security-key:NAME']
                           [--role name:maxSeconds:/allowed/user/path/[:no-mfa]]...
                           [--propagation-delay SECONDS|MIN-MAX] [--random-seed N]
                           [--latency-profile loopback|realistic]
                           [--iam-latency MILLIS[,JITTER[,NEW_CONNECTION]]]
                           [--sts-latency MILLIS[,JITTER[,NEW_CONNECTION]]]
                           [--generated-users N --generated-path /generated/
                            --with-device-fraction 0.5 --orphan-devices N]
                           [--portal-key AKIA... --portal-secret SECRET]""");
    }

    private static void fail(String message) {
        System.err.println(message);
        usage();
        System.exit(2);
    }
}
