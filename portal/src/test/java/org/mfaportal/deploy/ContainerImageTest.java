package org.mfaportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.EmulatorSettings;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * docker/: the image runs the fast-jar as a numeric non-root user with a health check, and the compose stack
 * wires the portal to the Keycloak realm, PostgreSQL and the emulator consistently. (No Docker engine here:
 * these read the files; docker/README.md says how to build and run them.)
 */
class ContainerImageTest {

    static final Path DOCKER = Manifests.REPO.resolve("docker");

    @Test
    void imageRunsTheFastJarAsANumericNonRootUserWithAHealthCheck() {
        String dockerfile = PortalSettings.read(DOCKER.resolve("Dockerfile"));
        // The public base by default; BASE_IMAGE swaps it (the image test builds on a local Debian base).
        assertThat(dockerfile).containsPattern("(?m)^ARG BASE_IMAGE=\\S*(temurin|openjdk)\\S*17\\S*$")
                .containsPattern("(?m)^FROM \\$\\{BASE_IMAGE}$");
        Matcher uid = Pattern.compile("(?m)^ARG APP_UID=(\\d+)$").matcher(dockerfile);
        assertThat(uid.find()).isTrue();
        assertThat(Integer.parseInt(uid.group(1))).isGreaterThanOrEqualTo(1000);
        assertThat(dockerfile).containsPattern("(?m)^USER \\$\\{APP_UID}:\\$\\{APP_UID}$");
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*").contains("/q/health/ready");
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE 8080 9000$").contains("QUARKUS_MANAGEMENT_PORT=9000")
                .contains("/dev/tcp/127.0.0.1/${QUARKUS_MANAGEMENT_PORT:-9000}");
        assertThat(dockerfile).contains("quarkus-app/quarkus-run.jar", "$JAVA_OPTS", "MaxRAMPercentage", "exec java");
        // The AppCDS archive is made by the image's own JVM (as root, before USER) and used by the entry point.
        Matcher archive = Pattern.compile("(?m)^RUN java -XX:ArchiveClassesAtExit=(\\S+) -Dquarkus.appcds.generate=true")
                .matcher(dockerfile);
        assertThat(archive.find()).isTrue();
        assertThat(archive.start()).isLessThan(dockerfile.indexOf("\nUSER "));
        assertThat(dockerfile).contains("JAVA_CDS_OPTS=\"-XX:SharedArchiveFile=" + archive.group(1) + "\"",
                "exec java $JAVA_CDS_OPTS $JAVA_OPTS");
        for (String layer : List.of("portal/target/quarkus-app/lib/", "portal/target/quarkus-app/quarkus/",
                "portal/target/quarkus-app/app/")) {
            assertThat(dockerfile).contains("COPY " + layer);
        }
        assertThat(PortalSettings.read(DOCKER.resolve("Dockerfile.dockerignore"))).contains("!portal/target/quarkus-app/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeStackWiresThePortalToKeycloakPostgresAndTheEmulator() {
        Map<String, Object> compose = new Yaml().load(PortalSettings.read(DOCKER.resolve("compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("portal", "keycloak", "postgres", "aws-emulator");

        Map<String, Object> portal = services.get("portal");
        Map<String, String> env = (Map<String, String>) portal.get("environment");
        assertThat(env).containsEntry("QUARKUS_PROFILE", "prod");
        assertThat(portal.get("read_only")).isEqualTo(true);

        // Keycloak: the version the tests use, the repository's realm, and the realm's client secret.
        Map<String, Object> keycloak = services.get("keycloak");
        String pom = PortalSettings.read(Manifests.REPO.resolve("portal/pom.xml"));
        Matcher version = Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(keycloak.get("image")).isEqualTo("quay.io/keycloak/keycloak:" + version.group(1));
        assertThat((List<String>) keycloak.get("command")).contains("start-dev", "--import-realm");
        String realmMount = ((List<String>) keycloak.get("volumes")).get(0);
        Path realmFile = DOCKER.resolve(realmMount.split(":")[0]).normalize();
        assertThat(realmFile).exists().isEqualTo(Manifests.REPO.resolve("config/keycloak/mfa-portal-realm.json"));
        JsonNode realm = IamPolicyTest.parse(PortalSettings.read(realmFile));
        assertThat(env.get("QUARKUS_OIDC_AUTH_SERVER_URL")).endsWith("/realms/" + realm.path("realm").asText());
        JsonNode client = null;
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(env.get("PORTAL_OIDC_CLIENT_ID"))) {
                client = c;
            }
        }
        assertThat(client).as("the portal's client in the realm").isNotNull();
        assertThat(env.get("PORTAL_OIDC_CLIENT_SECRET")).isEqualTo(client.path("secret").asText());
        // The published port by default (a variable changes it; any port on 127.0.0.1 is a valid redirect too).
        Matcher published = Pattern.compile("^\\$\\{PORTAL_PORT:-(\\d+)\\}:8080$")
                .matcher(((List<String>) portal.get("ports")).get(0));
        assertThat(published.find()).as("the portal's published port").isTrue();
        assertThat(client.path("redirectUris").toString()).contains("http://localhost:" + published.group(1) + "/*")
                .contains("http://127.0.0.1/*");

        // PostgreSQL 16, and the portal's JDBC URL names its database and user.
        Map<String, Object> postgres = services.get("postgres");
        assertThat(postgres.get("image")).isEqualTo("postgres:16");
        Map<String, String> pgEnv = (Map<String, String>) postgres.get("environment");
        assertThat(env.get("PORTAL_DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + pgEnv.get("POSTGRES_DB"));
        assertThat(env.get("PORTAL_DB_USER")).isEqualTo(pgEnv.get("POSTGRES_USER"));
        assertThat(env.get("PORTAL_DB_PASSWORD")).isEqualTo(pgEnv.get("POSTGRES_PASSWORD"));

        // The emulator: its own jar from the build (the packaged portal has none) on the port the portal points at.
        Map<String, Object> emulator = services.get("aws-emulator");
        assertThat(emulator.get("image")).isEqualTo(portal.get("image"));
        String command = String.join(" ", (List<String>) emulator.get("entrypoint"));
        Matcher jar = Pattern.compile("-jar (\\S+) .*--port 4566").matcher(command);
        assertThat(jar.find()).as(command).isTrue();
        // The emulator listens on 127.0.0.1 unless told otherwise: the portal's container could not reach it.
        assertThat(command).contains("--host 0.0.0.0");
        String jarMount = ((List<String>) emulator.get("volumes")).get(0);
        assertThat(jarMount.split(":")[1]).isEqualTo(jar.group(1));
        assertThat(DOCKER.resolve(jarMount.split(":")[0]).normalize())
                .isEqualTo(Manifests.REPO.resolve("emulator/target/mfa-portal-emulator-standalone.jar"));
        assertThat(env.get("PORTAL_AWS_ENDPOINT")).isEqualTo("http://aws-emulator:4566");
        // The portal signs with the emulator's built-in key (the compose file gives the emulator no other).
        assertThat(command).doesNotContain("--portal-key", "--portal-secret");
        assertThat(env).containsEntry("AWS_ACCESS_KEY_ID", EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID)
                .containsEntry("AWS_SECRET_ACCESS_KEY", EmulatorSettings.DEFAULT_PORTAL_SECRET);

        Set<String> known = PortalSettings.environmentVariables();
        assertThat(env.keySet().stream().filter(k -> k.startsWith("PORTAL_")))
                .allSatisfy(k -> assertThat(PortalSettings.isKnown(k, known)).as(k).isTrue());
    }

    @Test
    void readmeSaysHowToBuildTheImage() throws Exception {
        String readme = Files.readString(DOCKER.resolve("README.md"));
        assertThat(readme).contains("./mvnw", "docker build -f docker/Dockerfile", "docker compose -f docker/compose.yaml");
    }
}
