package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mfaportal.testing.Subprocess;

/**
 * Runs real shells and interpreters for the round-trip tests. A missing program fails the test with the command
 * that installs it: these tests must never pass by skipping.
 */
final class InstalledPrograms {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private InstalledPrograms() {
    }

    /** Fails unless {@code program} is on the PATH. */
    static void require(String program, String installCommand) {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .anyMatch(Files::isExecutable);
        if (!found) {
            fail(program + " is not installed, so the snippet cannot be checked in a real " + program
                    + ". Install it with: " + installCommand);
        }
    }

    /**
     * Runs the command with no AWS_* variables inherited and a UTF-8 locale, asserts it succeeds without writing to
     * stderr, and returns its stdout split at NUL bytes. Each part is decoded strictly as UTF-8, so equal strings
     * mean equal bytes.
     */
    static List<String> runNulSeparated(Path workDir, List<String> command) {
        byte[] out = run(workDir, command);
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                parts.add(strictUtf8(Arrays.copyOfRange(out, start, i)));
                start = i + 1;
            }
        }
        assertThat(start).as("output must end with a NUL").isEqualTo(out.length);
        return parts;
    }

    /** The AWS_* entries of {@code env -0} output, as the shell's child processes see them. */
    static Map<String, String> awsEnvironment(List<String> envEntries) {
        Map<String, String> aws = new LinkedHashMap<>();
        for (String entry : envEntries) {
            int equals = entry.indexOf('=');
            if (entry.startsWith("AWS_") && equals > 0) {
                aws.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return aws;
    }

    private static byte[] run(Path workDir, List<String> command) {
        Subprocess program = Subprocess.of(command).directory(workDir)
                .removeEnvironment(name -> name.startsWith("AWS_")).addEnvironment(Map.of("LC_ALL", "C.UTF-8"))
                .errorsApart().run(TIMEOUT);
        assertThat(program.exitValue()).as("exit status of %s; stderr: %s", command.get(0), program.errors()).isZero();
        assertThat(program.errors()).as("stderr of %s", command.get(0)).isEmpty();
        return program.outputBytes();
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("Output is not valid UTF-8: " + Arrays.toString(bytes), e);
        }
    }
}
