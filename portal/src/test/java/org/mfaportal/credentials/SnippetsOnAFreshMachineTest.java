package org.mfaportal.credentials;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfaportal.testing.FreshHome;
import org.mfaportal.testing.PortalFixture;
import org.mfaportal.testing.Subprocess;
import org.mfaportal.testing.TestDevices;
import org.mfaportal.testing.TestDevices.Device;
import org.mfaportal.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Snippets and files pasted on a machine with no AWS configuration at all (an empty home directory, no AWS_*
 * variable) work with the real AWS CLI as they are: they carry the region, the portal's by default or the one asked
 * for. Without it the CLI stops with "You must specify a region".
 */
@QuarkusTest
class SnippetsOnAFreshMachineTest {

    private static final String USER = "terry";
    private static final String ARN = "arn:aws:iam::123456789012:user/engineers/" + USER;
    private static final Duration STEP = Duration.ofSeconds(60);

    @Inject
    PortalFixture fixture;

    @TempDir
    Path home;

    @AfterEach
    void cleanUp() {
        fixture.reset(USER);
    }

    @Test
    void aBashSnippetCarriesThePortalsRegionAndWorksWithTheAwsCliAsItIs() throws IOException {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        Files.writeString(home.resolve("snippet.sh"), issue(device, "bash", Map.of()));

        Subprocess shell = Subprocess.of(List.of("bash", "-c", ". ./snippet.sh && aws sts get-caller-identity "
                + "--endpoint-url " + fixture.awsEndpoint() + " --output text --query Arn && aws configure list"))
                .environment(FreshHome.environment(home)).directory(home).run(STEP);

        assertThat(shell.exitValue()).as(shell.output()).isZero();
        assertThat(shell.output()).contains(ARN).containsPattern("region\\s+us-east-1\\s+env");
    }

    @Test
    void aFishSnippetWithAChosenRegionWorksWithTheAwsCliAsItIs() throws IOException {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        Files.writeString(home.resolve("snippet.fish"), issue(device, "fish", Map.of("region", "eu-west-3")));

        Subprocess shell = Subprocess.of(List.of("fish", "--no-config", "-c", "source snippet.fish; and aws sts "
                + "get-caller-identity --endpoint-url " + fixture.awsEndpoint() + " --output text --query Arn; and "
                + "aws configure list"))
                .environment(FreshHome.environment(home)).directory(home).run(STEP);

        assertThat(shell.exitValue()).as(shell.output()).isZero();
        assertThat(shell.output()).contains(ARN).containsPattern("region\\s+eu-west-3\\s+env");
    }

    @Test
    void aCredentialsFileProfileCarriesItsRegionAndWorksAsTheOnlyAwsFile() throws IOException {
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        Path credentials = home.resolve(".aws/credentials");
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, issue(device, "credentials", Map.of("profileName", "work", "region", "eu-north-1")));

        Subprocess cli = Subprocess.of(List.of("sh", "-c", "aws sts get-caller-identity --profile work --endpoint-url "
                + fixture.awsEndpoint() + " --output text --query Arn && aws configure list --profile work"))
                .environment(FreshHome.environment(home)).directory(home).run(STEP);

        assertThat(cli.exitValue()).as(cli.output()).isZero();
        assertThat(cli.output()).contains(ARN).containsPattern("region\\s+eu-north-1\\s");
        assertThat(home.resolve(".aws/config")).doesNotExist();
    }

    @Test
    void withoutARegionTheAwsCliRefusesTheSameCredentials() throws IOException {
        // The reason for the region: the same snippet minus its region lines fails on a fresh machine.
        Device device = TestDevices.enrollAndActivate(fixture.aws(), Tokens.accessToken(USER));
        String snippet = issue(device, "bash", Map.of()).replaceAll("(?m)^export AWS_(DEFAULT_)?REGION=.*\n", "");
        Files.writeString(home.resolve("snippet.sh"), snippet);

        Subprocess shell = Subprocess.of(List.of("bash", "-c", ". ./snippet.sh && aws sts get-caller-identity "
                + "--endpoint-url " + fixture.awsEndpoint()))
                .environment(FreshHome.environment(home)).directory(home).run(STEP);

        assertThat(shell.exitValue()).isNotZero();
        assertThat(shell.output()).contains("You must specify a region");
    }

    private String issue(Device device, String format, Map<String, String> options) {
        Map<String, Object> body = new java.util.HashMap<>(options);
        body.put("code", TestDevices.freshCode(fixture.aws(), device.seed()));
        body.put("durationSeconds", 3600);
        return given().auth().oauth2(Tokens.accessToken(USER)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/credentials?format=" + format)
                .then().statusCode(200).header("Cache-Control", "no-store").extract().asString();
    }
}
