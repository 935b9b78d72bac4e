package org.mfaportal.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged portal ({@code target/quarkus-app/quarkus-run.jar}) running as its own process, as in production:
 * for tests of several replicas and of crashes, and for the benchmarks. The packaged app has no built-in emulator:
 * point it at a {@link StandaloneEmulator} (or real AWS) with {@code portal.aws.endpoint} and a key.
 */
public final class PortalProcess implements AutoCloseable {

    private final int port;
    private final int managementPort;
    private final Map<String, String> settings;
    private final Map<String, String> environment;
    private final Path log;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private List<String> jvmOptions = List.of();
    private Subprocess process;
    private Duration startedIn;

    public PortalProcess(int port, Map<String, String> settings, Map<String, String> environment) {
        this.port = port;
        this.managementPort = freePort();
        this.settings = settings;
        this.environment = environment;
        this.log = Path.of("target", "portal-" + port + ".log");
    }

    public URI url() {
        return URI.create("http://localhost:" + port + "/");
    }

    /** Health and metrics: the management interface, on a free port of its own. */
    public URI managementUrl() {
        return URI.create("http://localhost:" + managementPort + "/");
    }

    /** Runs the portal on another JDK and/or with JVM options (before {@link #start()}). */
    public PortalProcess withJava(Path javaHome, List<String> jvmOptions) {
        this.javaHome = javaHome;
        this.jvmOptions = List.copyOf(jvmOptions);
        return this;
    }

    /** Starts the process and waits until its readiness check answers UP. */
    public PortalProcess start() {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmOptions);
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-jar");
        command.add("target/quarkus-app/quarkus-run.jar");
        long start = System.nanoTime();
        process = Subprocess.of(command).addEnvironment(environment).logTo(log).start();
        process.awaitHttpOk(managementUrl().resolve("/q/health/ready"), Duration.ofSeconds(60));
        startedIn = Duration.ofNanos(System.nanoTime() - start);
        return this;
    }

    /** A port nobody listens on now (the OS's choice; released before the portal binds it). */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** From process start to the first 200 of /q/health/ready (polled every 25 ms). */
    public Duration startedIn() {
        return startedIn;
    }

    /** The process id, e.g. to read its memory from /proc. */
    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no cleanup, as in a crash. */
    public void kill() {
        process.kill();
    }

    /** A graceful stop (SIGTERM), as an orchestrator would. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.stop(Duration.ofSeconds(30));
        }
    }
}
