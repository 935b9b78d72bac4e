package org.mfaportal.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program the tests drive like a person at a terminal would: its output (stdout and stderr merged) is collected
 * as it comes, a test waits for a line to appear (with a deadline, never a fixed sleep) and types an answer.
 */
public final class Subprocess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private Subprocess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> copy(process.getInputStream()), "subprocess-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} with exactly {@code environment}; stdin stays open for {@link #type(String)}. */
    public static Subprocess start(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new Subprocess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command} to completion with stdin closed; returns the finished process. */
    public static Subprocess run(List<String> command, Map<String, String> environment, Duration timeout) {
        Subprocess subprocess = start(command, environment);
        subprocess.closeInput();
        subprocess.waitFor(timeout);
        return subprocess;
    }

    /** Waits until the output matches {@code pattern}; fails with the output so far when the deadline passes. */
    public Matcher await(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Matcher matcher = pattern.matcher(output);
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive() && !reader.isAlive()) {
                throw new AssertionError("Exited with " + process.exitValue() + " before printing " + pattern
                        + ":\n" + output);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No " + pattern + " within " + timeout + ":\n" + output);
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
                throw new AssertionError("Still running after " + timeout + ":\n" + output);
            }
            reader.join(timeout.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    public String output() {
        return output.toString();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
                synchronized (output) {
                    output.append(chunk);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process ended; what it printed is kept.
        }
    }
}
