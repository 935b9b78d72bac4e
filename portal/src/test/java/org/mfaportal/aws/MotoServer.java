package org.mfaportal.aws;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs {@code moto_server} (the third-party IAM/STS emulator, a Python program that must be on the PATH) on a free
 * local port for one test class. Its output goes to {@code target/moto_server.log}.
 */
final class MotoServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts moto_server and waits until it answers; fails the test (never skips it) when it cannot. */
    static MotoServer start() {
        Path executable = findOnPath("moto_server");
        if (executable == null) {
            fail("moto_server is not on the PATH (" + System.getenv("PATH") + "). These gateway tests need it: "
                    + "install it with `pip install 'moto[server]'`.");
        }
        int port = freePort();
        File log = new File("target/moto_server.log");
        log.getParentFile().mkdirs();
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("moto_server could not be started: " + e, e);
        }
        var server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        server.awaitReady(log);
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Forgets every user, device, key and role. */
    void reset() {
        try {
            var response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                fail("moto_server reset answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new AssertionError("moto_server reset failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void awaitReady(File log) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("moto_server exited with status " + process.exitValue() + "; see " + log.getAbsolutePath());
            }
            try {
                var response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            sleep(Duration.ofMillis(200));
        }
        close();
        fail("moto_server did not answer on " + endpoint + " within " + STARTUP_TIMEOUT + "; see "
                + log.getAbsolutePath());
    }

    @Override
    public void close() {
        // The PATH entry may be a wrapper (pyenv shim, venv script): end whatever it started, then itself.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free local port: " + e, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
