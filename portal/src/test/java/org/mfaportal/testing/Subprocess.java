package org.mfaportal.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every program the tests and benchmarks run goes through here: shells, the command-line helper, Keycloak, moto,
 * the packaged portal, the standalone emulator, kustomize, tar. A test drives it like a person at a terminal
 * would: its output is collected as it comes (or appended to a log file for servers), a test waits for a line or
 * for an HTTP answer (with a deadline, never a fixed sleep) and types an answer.
 */
public final class Subprocess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command;
    private final Process process;
    private final Path log;
    private final long logStart;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final Thread outputReader;
    private final Thread errorReader;

    private Subprocess(List<String> command, Process process, Path log, long logStart, boolean errorsApart) {
        this.command = command;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
        this.outputReader = log == null ? reader(process.getInputStream(), output, "subprocess-output") : null;
        this.errorReader = errorsApart ? reader(process.getErrorStream(), errors, "subprocess-errors") : null;
    }

    /** A program to run; configure it, then {@link Builder#start()} or {@link Builder#run(Duration)}. */
    public static Builder of(List<String> command) {
        return new Builder(command);
    }

    public static Builder of(String... command) {
        return new Builder(List.of(command));
    }

    /** Starts {@code command} with exactly {@code environment}; stdin stays open for {@link #type(String)}. */
    public static Subprocess start(List<String> command, Map<String, String> environment) {
        return of(command).environment(environment).start();
    }

    /** Runs {@code command} with exactly {@code environment} to completion, stdin closed; returns the finished process. */
    public static Subprocess run(List<String> command, Map<String, String> environment, Duration timeout) {
        return of(command).environment(environment).run(timeout);
    }

    /** How to start a program: its environment, folder and where its output goes. */
    public static final class Builder {

        private final List<String> command;
        private Map<String, String> exactEnvironment;
        private final Map<String, String> addedEnvironment = new HashMap<>();
        private Predicate<String> removedEnvironment = name -> false;
        private Path directory;
        private Path log;
        private boolean errorsApart;

        private Builder(List<String> command) {
            this.command = List.copyOf(command);
        }

        /** Exactly these variables, nothing inherited. */
        public Builder environment(Map<String, String> environment) {
            this.exactEnvironment = Map.copyOf(environment);
            return this;
        }

        /** These variables on top of the inherited (or exact) environment. */
        public Builder addEnvironment(Map<String, String> environment) {
            addedEnvironment.putAll(environment);
            return this;
        }

        /** Drops inherited variables whose names match, for example credentials of the machine. */
        public Builder removeEnvironment(Predicate<String> names) {
            this.removedEnvironment = removedEnvironment.or(names);
            return this;
        }

        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Appends the output (stdout and stderr) to a file instead of keeping it in memory: for servers. */
        public Builder logTo(Path file) {
            this.log = file;
            return this;
        }

        /** Keeps stderr apart from stdout ({@link Subprocess#errors()}), for programs whose stdout is data. */
        public Builder errorsApart() {
            this.errorsApart = true;
            return this;
        }

        public Subprocess start() {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(!errorsApart);
            if (exactEnvironment != null) {
                builder.environment().clear();
                builder.environment().putAll(exactEnvironment);
            }
            builder.environment().keySet().removeIf(removedEnvironment);
            builder.environment().putAll(addedEnvironment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            long logStart = 0;
            try {
                if (log != null) {
                    Files.createDirectories(log.toAbsolutePath().getParent());
                    logStart = Files.exists(log) ? Files.size(log) : 0;
                    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                }
                return new Subprocess(command, builder.start(), log, logStart, errorsApart);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + command.get(0), e);
            }
        }

        /** Runs to completion with stdin closed; kills it and fails when it overruns {@code timeout}. */
        public Subprocess run(Duration timeout) {
            Subprocess subprocess = start();
            subprocess.closeInput();
            subprocess.waitFor(timeout);
            return subprocess;
        }
    }

    /** Waits until the output matches {@code pattern}; fails with the output so far when the deadline passes. */
    public Matcher await(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            boolean ended = !process.isAlive() && (outputReader == null || !outputReader.isAlive());
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (ended) {
                throw new AssertionError("Exited with " + process.exitValue() + " before printing " + pattern
                        + ":\n" + output());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No " + pattern + " within " + timeout + ":\n" + output());
            }
            synchronized (output) {
                try {
                    output.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * Waits until {@code url} answers a GET with 200, polling a server this process is starting; fails when the
     * process exits first or the deadline passes.
     */
    public void awaitHttpOk(URI url, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue()
                        + " before " + url + " answered" + where());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            // Polling a starting server: there is no event to wait on but its answer.
            pause(Duration.ofMillis(25));
        }
        throw new IllegalStateException(url + " did not answer within " + timeout + where());
    }

    /** Types a line. */
    public void type(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the exit (killing the process if it overruns) and for all its output. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError(command.get(0) + " still running after " + timeout + ":\n" + output());
            }
            for (Thread reader : new Thread[] { outputReader, errorReader }) {
                if (reader != null) {
                    reader.join(timeout.toMillis());
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What it printed (stdout, with stderr unless kept apart), as UTF-8 text. */
    public String output() {
        return new String(outputBytes(), StandardCharsets.UTF_8);
    }

    /** What it printed, as bytes. */
    public byte[] outputBytes() {
        if (log != null) {
            try {
                byte[] all = Files.readAllBytes(log);
                return Arrays.copyOfRange(all, (int) Math.min(logStart, all.length), all.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        synchronized (output) {
            return output.toByteArray();
        }
    }

    /** What it printed on stderr, when kept apart ({@link Builder#errorsApart()}). */
    public String errors() {
        synchronized (errors) {
            return errors.toString(StandardCharsets.UTF_8);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM to it and whatever it started, as a service manager would; SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** {@code kill -9}: no shutdown hook, no cleanup, as in a crash; returns once it is gone. */
    public void kill() {
        close();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private String where() {
        return log == null ? ":\n" + output() : "; see " + log.toAbsolutePath();
    }

    private static Thread reader(InputStream in, ByteArrayOutputStream sink, String name) {
        Thread reader = new Thread(() -> copy(in, sink), name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static void copy(InputStream in, ByteArrayOutputStream sink) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                synchronized (sink) {
                    sink.write(buffer, 0, n);
                    sink.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process ended; what it printed is kept.
        }
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
