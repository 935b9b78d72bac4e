package org.mfaportal.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of a fresh machine for the real AWS CLI and shells: an empty home directory, no AWS variable,
 * no {@code ~/.aws}, nothing inherited but {@code PATH}. Whatever works here works for a new engineer.
 */
public final class FreshHome {

    private FreshHome() {
    }

    /** {@code HOME} is {@code home}; no AWS_* variable is set (the instance metadata lookup is off, to fail fast). */
    public static Map<String, String> environment(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
        env.put("TERM", "dumb");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // The AWS CLI may be a pyenv shim, which finds its Python through PYENV_ROOT (by default under HOME).
        Path aws = Path.of(which("aws"));
        if (aws.getParent().getFileName().toString().equals("shims")) {
            env.put("PYENV_ROOT", aws.getParent().getParent().toString());
        }
        return env;
    }

    /** The absolute path of {@code program} on the {@code PATH}. */
    public static String which(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(program + " is not installed");
    }
}
