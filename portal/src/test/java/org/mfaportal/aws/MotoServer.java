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

import org.mfaportal.testing.Subprocess;

/**
 * Runs {@code moto_server} (the third-party IAM/STS emulator, a Python program that must be on the PATH) on a free
 * local port for one test class. Its output goes to {@code target/moto_server.log}.
 */
final class MotoServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Subprocess process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Subprocess process, URI endpoint) {
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
        Subprocess process = Subprocess.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .logTo(Path.of("target", "moto_server.log")).start();
        var server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        try {
            process.awaitHttpOk(server.endpoint.resolve("/moto-api/data.json"), STARTUP_TIMEOUT);
        } catch (IllegalStateException e) {
            server.close();
            fail("moto_server did not start: " + e.getMessage());
        }
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

    @Override
    public void close() {
        // The PATH entry may be a wrapper (pyenv shim, venv script): end whatever it started, then itself.
        process.stop(Duration.ofSeconds(10));
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
}
