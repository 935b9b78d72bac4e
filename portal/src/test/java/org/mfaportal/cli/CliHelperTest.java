package org.mfaportal.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfaportal.testing.KeycloakServer;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Subprocess;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The command-line helper end to end, as an engineer uses it: downloaded from the running portal, signed in
 * through the device authorization grant at the real Keycloak (approved in a cookie-keeping browser), then
 * credentials into bash with {@code eval "$(mfa-portal env)"} and into the real AWS CLI through
 * {@code credential_process}, each proven by {@code sts get-caller-identity} against the emulator. The MFA code is
 * typed on a real terminal ({@code script} gives the helper one); a curl wrapper records every command line curl
 * gets, to show that no secret is ever an argument.
 */
@QuarkusTest
class CliHelperTest {

    private static final String USER = "rita";
    private static final String ARN = "arn:aws:iam::123456789012:user/engineers/" + USER;
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Pattern CODE_PROMPT = Pattern.compile("MFA code: ");

    @TestHTTPResource("/")
    URI app;

    @Inject
    PortalFixture fixture;

    @TempDir
    Path home;

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
    }

    @Test
    void theHelperIsServedPublicallyPreConfiguredForThisPortal() {
        String script = given().redirects().follow(false)
                .when().get("/cli/mfa-portal")
                .then().statusCode(200).contentType(startsWith("text/x-shellscript"))
                .header("Content-Disposition", equalTo("attachment; filename=mfa-portal"))
                .extract().asString();
        assertThat(script).startsWith("#!/bin/sh\n")
                .contains("portal_url='" + portalUrl() + "'")
                .contains("issuer='" + KeycloakServer.realmUrl() + "'")
                .contains("client_id='mfa-portal-cli'")
                .doesNotContain("@@");

        given().redirects().follow(false)
                .when().get("/cli")
                .then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString(portalUrl() + "/cli/mfa-portal"))
                .body(containsString("mfa-portal login"))
                .body(containsString("credential_process"));
    }

    @Test
    void anEngineerSignsInAndGetsWorkingCredentialsInBashAndTheAwsCli() throws IOException {
        Path script = download();
        Map<String, String> env = environment();

        // mfa-portal login: device authorization grant, approved in the browser.
        try (Subprocess login = Subprocess.start(List.of("dash", script.toString(), "login"), env)) {
            login.closeInput();
            Matcher url = login.await(Pattern.compile("(http\\S+/device\\S*)"), STEP);
            String userCode = login.await(Pattern.compile("the code: (\\S+)"), STEP).group(1);
            HelperMachine.approveDevice(app, url.group(1), userCode, USER);
            assertThat(login.waitFor(STEP)).as(login.output()).isZero();
            assertThat(login.output()).contains("Signed in");
        }
        Path tokens = home.resolve("config/mfa-portal/tokens");
        assertThat(Files.getPosixFilePermissions(tokens)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(tokens.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Map<String, String> stored = readTokens(tokens);
        assertThat(stored.get("access_token")).isNotBlank();
        assertThat(stored.get("refresh_token")).isNotBlank();

        Subprocess whoami = Subprocess.run(List.of("dash", script.toString(), "whoami"), env, STEP);
        assertThat(whoami.exitValue()).as(whoami.output()).isZero();
        assertThat(whoami.output()).contains("IAM user: " + USER).contains("MFA: NONE");

        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        List<String> codes = new ArrayList<>();

        // eval "$(mfa-portal env --shell bash)": the code is typed on the terminal, the snippet goes to eval.
        String evalAndCall = "eval \"$(dash " + script + " env --shell bash --duration 1h)\" && "
                + "aws sts get-caller-identity --endpoint-url " + fixture.awsEndpoint() + " --output text --query Arn && "
                + "echo \"expires $AWS_CREDENTIAL_EXPIRATION\"";
        try (Subprocess terminal = Subprocess.start(onTerminal(evalAndCall), env)) {
            terminal.await(CODE_PROMPT, STEP);
            assertNoSecretInProcessList(stored);
            String code = TestDevices.freshCode(fixture.aws(), device.seed());
            codes.add(code);
            terminal.type(code);
            assertThat(terminal.waitFor(STEP)).as(terminal.output()).isZero();
            assertThat(terminal.output()).contains(ARN).containsPattern("expires \\d{4}-\\d\\d-\\d\\dT");
        }

        // credential_process in ~/.aws/config: the first call asks for a code, the second one reuses the cache.
        Files.writeString(home.resolve("aws-config"), "[profile mfa]\ncredential_process = " + script
                + " process --duration 1h\nregion = us-east-1\n");
        String callerIdentity = "aws sts get-caller-identity --profile mfa --endpoint-url " + fixture.awsEndpoint()
                + " --output text --query Arn";
        try (Subprocess terminal = Subprocess.start(onTerminal(callerIdentity), env)) {
            terminal.await(CODE_PROMPT, STEP);
            String code = TestDevices.freshCode(fixture.aws(), device.seed());
            codes.add(code);
            terminal.type(code);
            assertThat(terminal.waitFor(STEP)).as(terminal.output()).isZero();
            assertThat(terminal.output()).contains(ARN);
        }
        Path cache;
        try (Stream<Path> files = Files.list(home.resolve("cache/mfa-portal"))) {
            cache = files.filter(f -> f.getFileName().toString().startsWith("process-")).findFirst().orElseThrow();
        }
        assertThat(Files.getPosixFilePermissions(cache)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(cache)).contains("\"Version\":1");

        // No terminal at all now (setsid): had the helper needed a code, it could not have asked for one.
        Subprocess cached = Subprocess.run(List.of("setsid", "-w", "sh", "-c", callerIdentity), env, STEP);
        assertThat(cached.exitValue()).as(cached.output()).isZero();
        assertThat(cached.output()).contains(ARN).doesNotContain("MFA code");

        // Not one secret went to curl as an argument.
        String argv = Files.readString(home.resolve("curl-argv.log"));
        assertThat(argv).contains("/api/v1/credentials").contains("/protocol/openid-connect/token");
        assertThat(argv).doesNotContain(stored.get("access_token")).doesNotContain(stored.get("refresh_token"))
                .doesNotContain("Bearer").doesNotContain("device_code").doesNotContainIgnoringCase("authorization");
        for (String code : codes) {
            assertThat(argv).doesNotContain(code);
        }

        Subprocess logout = Subprocess.run(List.of("dash", script.toString(), "logout"), env, STEP);
        assertThat(logout.exitValue()).as(logout.output()).isZero();
        assertThat(tokens).doesNotExist();
        assertThat(cache).doesNotExist();
    }

    @Test
    void withoutSignInTheHelperSaysWhatToDoAndExitsWith3() throws IOException {
        Path script = download();
        Subprocess env = Subprocess.run(List.of("dash", script.toString(), "env"), environment(), STEP);
        assertThat(env.exitValue()).isEqualTo(3);
        assertThat(env.output()).contains("mfa-portal login");
    }

    @Test
    void aProblemFromThePortalIsExplainedOnStderrWithItsExitCode() throws IOException {
        Path script = download();
        Map<String, String> env = environment();
        // A signed-in helper (tokens as the device grant would store them) for an engineer without a device.
        var grant = Tokens.grant(Tokens.PORTAL_CLIENT, Tokens.PORTAL_SECRET, USER);
        Path tokens = home.resolve("config/mfa-portal/tokens");
        Files.createDirectories(tokens.getParent());
        long now = System.currentTimeMillis() / 1000;
        Files.writeString(tokens, "access_token=" + grant.get("access_token").asText() + "\naccess_expires="
                + (now + 240) + "\nrefresh_token=\nrefresh_expires=0\n");
        try (Subprocess terminal = Subprocess.start(onTerminal("dash " + script + " env"), env)) {
            terminal.await(CODE_PROMPT, STEP);
            terminal.type("123456");
            assertThat(terminal.waitFor(STEP)).isEqualTo(5);
            assertThat(terminal.output()).contains("You have no active MFA device").contains("Set up MFA first")
                    .contains("no-active-device").contains("request id");
        }
    }

    private Path download() throws IOException {
        Path script = home.resolve("bin/mfa-portal");
        Files.createDirectories(script.getParent());
        Files.writeString(script, given().when().get("/cli/mfa-portal").then().statusCode(200).extract().asString());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A clean environment in the temporary home, with curl wrapped to log its arguments. */
    private Map<String, String> environment() throws IOException {
        Path shims = home.resolve("shims");
        Files.createDirectories(shims);
        Path curl = shims.resolve("curl");
        Files.writeString(curl, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"$CURL_ARGV_LOG\"\n"
                + "exec " + which("curl") + " \"$@\"\n");
        Files.setPosixFilePermissions(curl, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", shims + ":" + System.getenv("PATH"));
        env.put("SHELL", "/bin/bash");
        env.put("TERM", "dumb");
        env.put("LANG", "C.UTF-8");
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("CURL_ARGV_LOG", home.resolve("curl-argv.log").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        // The AWS CLI may be a pyenv shim, which finds its Python through PYENV_ROOT (by default under HOME).
        Path aws = Path.of(which("aws"));
        if (aws.getParent().getFileName().toString().equals("shims")) {
            env.put("PYENV_ROOT", aws.getParent().getParent().toString());
        }
        return env;
    }

    /** Runs {@code command} on a fresh pseudo-terminal, as if typed at one. */
    private static List<String> onTerminal(String command) {
        return List.of("script", "-qec", command, "/dev/null");
    }

    /** While the helper waits for the code, no process anywhere shows a token on its command line. */
    private static void assertNoSecretInProcessList(Map<String, String> tokens) {
        ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).forEach(commandLine -> {
            assertThat(commandLine).doesNotContain(tokens.get("access_token"))
                    .doesNotContain(tokens.get("refresh_token"));
        });
    }

    private static Map<String, String> readTokens(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    private static String which(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(program + " is not installed");
    }

    private String portalUrl() {
        String base = app.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
