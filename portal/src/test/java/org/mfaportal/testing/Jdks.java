package org.mfaportal.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** JDKs installed beside the default one (under /usr/lib/jvm), for servers and runs that need a newer Java. */
public final class Jdks {

    private Jdks() {
    }

    /** The running JDK if it is at least {@code feature}, else the newest such JDK under /usr/lib/jvm. */
    public static Optional<Path> atLeast(int feature) {
        if (Runtime.version().feature() >= feature) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            List<Path> candidates = jvms.filter(p -> Files.isExecutable(p.resolve("bin/java"))).toList();
            return candidates.stream().filter(p -> majorVersion(p) >= feature)
                    .max(Comparator.comparingInt(Jdks::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version a JDK's {@code release} file names, or 0. */
    public static int majorVersion(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
