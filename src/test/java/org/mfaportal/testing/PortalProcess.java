package org.mfaportal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged portal ({@code target/quarkus-app/quarkus-run.jar}) running as its own process, as in production:
 * for tests of several replicas and of crashes.
 */
public final class PortalProcess implements AutoCloseable {

    private final int port;
    private final Map<String, String> settings;
    private final Map<String, String> environment;
    private final Path log;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private List<String> jvmOptions = List.of();
    private Process process;
    private Duration startedIn;

    public PortalProcess(int port, Map<String, String> settings, Map<String, String> environment) {
        this.port = port;
        this.settings = settings;
        this.environment = environment;
        this.log = Path.of("target", "portal-" + port + ".log");
    }

    public URI url() {
        return URI.create("http://localhost:" + port + "/");
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
        command.add("-jar");
        command.add("target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(60));
        startedIn = Duration.ofNanos(System.nanoTime() - start);
        return this;
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
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The portal on port " + port + " exited; see " + log);
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(url().resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            // Polling a starting process for readiness: nothing to wait on but time.
            pause(Duration.ofMillis(25));
        }
        throw new IllegalStateException("The portal on port " + port + " was not ready within " + timeout + "; see " + log);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
