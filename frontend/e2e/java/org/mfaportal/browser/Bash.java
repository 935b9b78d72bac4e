package org.mfaportal.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Feeds a snippet to a real bash, as a person pasting it into a terminal would, and reads what it exported. */
final class Bash {

    private Bash() {
    }

    /** Runs {@code eval "$snippet"} in bash and returns the named variables' values afterwards, in order. */
    static List<String> evalAndPrint(String snippet, String... variables) {
        StringBuilder script = new StringBuilder("set -eu\neval \"$SNIPPET\"\n");
        for (String variable : variables) {
            script.append("printf '%s\\0' \"$").append(variable).append("\"\n");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", script.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("SNIPPET", snippet);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process bash = builder.start();
            String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!bash.waitFor(30, TimeUnit.SECONDS) || bash.exitValue() != 0) {
                throw new IllegalStateException("bash could not eval the snippet:\n" + snippet);
            }
            List<String> values = new ArrayList<>(Arrays.asList(out.split("\0", -1)));
            values.remove(values.size() - 1);
            return values;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
