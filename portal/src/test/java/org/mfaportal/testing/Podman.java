package org.mfaportal.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The podman command line, as the image tests drive it: with the repository's containers.conf (runc and no default
 * ulimits, which these machines need; DEVELOPERS.md), every call through {@link Subprocess}.
 */
public final class Podman {

    private Podman() {
    }

    /** Runs {@code podman args…} to completion and returns its output; fails with the output when it fails. */
    public static String run(Duration timeout, String... args) {
        Subprocess process = start(List.of(args)).run(timeout);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("podman " + String.join(" ", args) + " failed (" + process.exitValue()
                    + "):\n" + process.output());
        }
        return process.output();
    }

    /** Runs {@code podman args…} to completion and returns the finished process, whatever its exit value. */
    public static Subprocess attempt(Duration timeout, String... args) {
        return start(List.of(args)).run(timeout);
    }

    /** A podman process, not started yet. */
    public static Subprocess.Builder start(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(args);
        return Subprocess.of(command).addEnvironment(Map.of("CONTAINERS_CONF", containersConf().toString()));
    }

    /** The repository's containers.conf for the build machines. */
    public static Path containersConf() {
        return Repository.path("build-support/podman/containers.conf");
    }

    /** The local base image (Debian with a JRE 17, no registry needed), made once and cached. */
    public static String baseImage() {
        Subprocess script = Subprocess.of(Repository.path("build-support/container-base.sh").toString())
                .addEnvironment(Map.of("CONTAINERS_CONF", containersConf().toString())).errorsApart()
                .run(Duration.ofMinutes(15));
        if (script.exitValue() != 0) {
            throw new IllegalStateException("build-support/container-base.sh failed:\n" + script.output() + script.errors());
        }
        return script.output().strip().lines().reduce((a, b) -> b).orElseThrow();
    }
}
