package org.mfaportal.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.mfaportal.testing.Subprocess;

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
        Subprocess bash = Subprocess.of("bash", "--noprofile", "--norc", "-c", script.toString())
                .removeEnvironment(name -> name.startsWith("AWS_")).addEnvironment(Map.of("SNIPPET", snippet))
                .errorsApart().run(Duration.ofSeconds(30));
        if (bash.exitValue() != 0) {
            throw new IllegalStateException("bash could not eval the snippet:\n" + snippet + "\n" + bash.errors());
        }
        List<String> values = new ArrayList<>(Arrays.asList(bash.output().split("\0", -1)));
        values.remove(values.size() - 1);
        return values;
    }
}
