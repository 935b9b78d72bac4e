package org.mfaportal.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.mfaportal.testing.Subprocess;

/**
 * The packaged app ({@code target/quarkus-app}, what the container image copies) holds none of the emulator: no
 * jar of the emulator module, no class of its package in any jar, no bean of the embedded launcher. And when it is
 * told to use the emulator anyway, it refuses to start instead of talking to real AWS.
 */
class PackagedAppHasNoEmulatorIT {

    static final Path APP = Path.of("target", "quarkus-app");
    static final String EMULATOR_PACKAGE = "org/mfaportal/emulator/";

    @Test
    void noJarOrClassOfTheEmulatorIsInThePackagedApp() throws IOException {
        List<Path> files = files();
        List<Path> jars = files.stream().filter(f -> f.toString().endsWith(".jar")).toList();
        assertThat(jars).as("the packaged app's jars").isNotEmpty()
                .anyMatch(j -> j.getFileName().toString().startsWith("mfa-portal-"));
        assertThat(files).as("files of the emulator module").noneMatch(f -> f.getFileName().toString()
                .contains("mfa-portal-emulator"));
        assertThat(files).as("loose emulator classes").noneMatch(f -> f.toString().replace('\\', '/')
                .contains(EMULATOR_PACKAGE));
        List<String> found = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                file.stream().map(ZipEntry::getName).filter(name -> name.startsWith(EMULATOR_PACKAGE))
                        .forEach(name -> found.add(jar.getFileName() + "!" + name));
            }
        }
        assertThat(found).as("emulator classes inside the packaged app's jars").isEmpty();
    }

    @Test
    void theBuildDroppedTheEmbeddedLauncherBean() throws IOException {
        List<String> generated = new ArrayList<>();
        for (Path jar : files().stream().filter(f -> f.toString().endsWith(".jar")).toList()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                file.stream().map(ZipEntry::getName).forEach(generated::add);
            }
        }
        assertThat(generated).as("the app's own classes are there").contains("org/mfaportal/aws/AwsClients.class");
        assertThat(generated).as("ArC's beans of the app are there")
                .anyMatch(name -> name.startsWith("org/mfaportal/aws/AwsClients_Bean"));
        assertThat(generated).as("no bean of the embedded launcher")
                .noneMatch(name -> name.startsWith("org/mfaportal/embedded/EmulatorLauncher_"));
    }

    @Test
    void switchedOnAnywayTheEmulatorStopsTheStartWithAPointerToTheStandaloneOne() {
        // Nothing here needs a database, an identity provider or AWS: the check refuses the start before any is used.
        Subprocess portal = Subprocess.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dportal.emulator.enabled=true", "-Dquarkus.http.port=0", "-Dquarkus.flyway.migrate-at-start=false",
                "-Dquarkus.oidc.auth-server-url=http://127.0.0.1:9/realms/unused",
                "-Dportal.aws.endpoint=http://127.0.0.1:9", "-Dquarkus.log.console.json.enabled=false",
                "-jar", APP.resolve("quarkus-run.jar").toString())
                .logTo(Path.of("target", "packaged-app-with-emulator.log")).run(Duration.ofSeconds(90));

        assertThat(portal.exitValue()).as(portal.output()).isNotZero();
        assertThat(portal.output())
                .contains("portal.emulator.enabled (PORTAL_EMULATOR_ENABLED) is true, but this build has no built-in "
                        + "AWS emulator")
                .contains("portal.aws.endpoint");
    }

    private static List<Path> files() throws IOException {
        assertThat(APP.resolve("quarkus-run.jar")).as("the packaged app (./mvnw package)").isRegularFile();
        try (Stream<Path> walk = Files.walk(APP)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
