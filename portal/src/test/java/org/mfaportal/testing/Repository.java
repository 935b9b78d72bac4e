package org.mfaportal.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository the tests belong to: its shared folders ({@code docs/}, {@code config/}, {@code k8s/},
 * {@code docker/}, {@code frontend/}) and its modules ({@code portal/}, {@code emulator/}). The one place that knows
 * where that is: the build says so ({@code repository.root}); run from elsewhere (an IDE), the first folder upwards
 * that holds the Maven wrapper and the {@code portal} module.
 */
public final class Repository {

    private static final Path ROOT = locate();

    private Repository() {
    }

    /** The repository's top folder. */
    public static Path root() {
        return ROOT;
    }

    /** A file or folder of the repository, for example {@code path("docs/configuration.md")}. */
    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path locate() {
        String configured = System.getProperty("repository.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("portal")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run the tests inside the repository (no folder with mvnw and portal/ "
                    + "above " + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
