package org.mfaportal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfaportal.testing.Subprocess;

/**
 * The helper script on its own, without the portal: it parses in every POSIX shell here and passes shellcheck,
 * the rendered settings cannot break out of their quotes, and its helpers (durations, times, JSON fields) work in
 * dash and bash. The functions are loaded with {@code MFA_PORTAL_LIBRARY=1 . ./mfa-portal}.
 */
class CliScriptTest {

    private static final List<String> SHELLS = List.of("dash", "bash");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "dash", "bash", "sh" })
    void parsesInEveryPosixShell(String shell) throws IOException {
        Subprocess check = Subprocess.run(List.of(shell, "-n", script("https://mfa.example.com").toString()), Map.of(
                "PATH", System.getenv("PATH")), java.time.Duration.ofSeconds(20));
        assertThat(check.exitValue()).as(check.output()).isZero();
    }

    @Test
    void passesShellcheckAsPosixSh() throws IOException {
        Subprocess check = Subprocess.run(List.of("shellcheck", "-s", "sh", script("https://mfa.example.com").toString()),
                Map.of("PATH", System.getenv("PATH")), java.time.Duration.ofSeconds(60));
        assertThat(check.exitValue()).as(check.output()).isZero();
    }

    @Test
    void renderedSettingsCannotBreakOutOfTheirQuotes() throws IOException {
        String hostile = "https://x.example.com/'$(touch pwned)'`touch pwned2`";
        Path script = script(hostile);
        for (String shell : SHELLS) {
            assertThat(run(shell, script, "printf '%s|%s|%s' \"$portal_url\" \"$issuer\" \"$client_id\""))
                    .isEqualTo(hostile + "|https://sso.example.com/realms/it's|mfa-portal-cli");
        }
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(dir.resolve("pwned2")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({ "3600,3600", "3600s,3600", "30m,1800", "8h,28800", "1h30m,5400", "2h0m15s,7215", "08h,28800",
            "900,900" })
    void durationsBecomeSeconds(String duration, String seconds) throws IOException {
        for (String shell : SHELLS) {
            assertThat(run(shell, script("https://p"), "parse_duration '" + duration + "'")).as(shell)
                    .isEqualTo(seconds);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "h", "8x", "-1", "1.5h", "8 h", "m30", "0", "0h" })
    void malformedDurationsAreRefused(String duration) throws IOException {
        for (String shell : SHELLS) {
            assertThat(run(shell, script("https://p"), "parse_duration '" + duration + "' || echo refused"))
                    .as(shell + " " + duration).isEqualTo("refused");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "1970-01-01T00:00:00Z", "2000-02-29T12:34:56Z", "2025-01-15T21:30:00Z",
            "2038-01-19T03:14:08Z", "2100-03-01T00:00:00.123Z" })
    void isoTimesBecomeEpochSeconds(String time) throws IOException {
        long expected = Instant.parse(time).getEpochSecond();
        for (String shell : SHELLS) {
            assertThat(run(shell, script("https://p"), "iso_epoch '" + time + "'")).as(shell)
                    .isEqualTo(Long.toString(expected));
        }
    }

    @Test
    void jsonFieldsAreExtractedWithoutAJsonTool() throws IOException {
        String problem = "{\n  \"type\" : \"/problems/locked-out\",\n  \"title\" : \"Too many \\\"wrong\\\" codes\",\n"
                + "  \"status\" : 423,\n  \"detail\" : \"Paused\\nfor a while / 15 min\",\n"
                + "  \"retryAfterSeconds\" : 900,\n  \"code\":\"locked-out\"\n}";
        Files.writeString(dir.resolve("problem.json"), problem);
        for (String shell : SHELLS) {
            Path script = script("https://p");
            assertThat(run(shell, script, "json_str title < problem.json")).isEqualTo("Too many \"wrong\" codes");
            assertThat(run(shell, script, "json_str detail < problem.json")).isEqualTo("Paused for a while / 15 min");
            assertThat(run(shell, script, "json_str code < problem.json")).isEqualTo("locked-out");
            assertThat(run(shell, script, "json_num status < problem.json")).isEqualTo("423");
            assertThat(run(shell, script, "json_num retryAfterSeconds < problem.json")).isEqualTo("900");
            assertThat(run(shell, script, "json_str advice < problem.json")).isEmpty();
        }
    }

    @Test
    void helpAndVersionNeedNoNetwork() throws IOException {
        Path script = script("https://mfa.example.com");
        Subprocess help = Subprocess.run(List.of("dash", script.toString(), "help"), Map.of("PATH",
                System.getenv("PATH"), "HOME", dir.toString()), java.time.Duration.ofSeconds(20));
        assertThat(help.exitValue()).isZero();
        assertThat(help.output()).contains("mfa-portal login").contains("credential_process").contains("Exit codes");
        Subprocess version = Subprocess.run(List.of("dash", script.toString(), "--version"), Map.of("PATH",
                System.getenv("PATH"), "HOME", dir.toString()), java.time.Duration.ofSeconds(20));
        assertThat(version.output()).isEqualTo("mfa-portal 1.2.3 (https://mfa.example.com)\n");
        Subprocess wrong = Subprocess.run(List.of("dash", script.toString(), "env", "--duration", "soon"), Map.of("PATH",
                System.getenv("PATH"), "HOME", dir.toString()), java.time.Duration.ofSeconds(20));
        assertThat(wrong.exitValue()).isEqualTo(2);
        assertThat(wrong.output()).contains("not a duration: soon");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "Engineer admin|engineer-admin", "Engineer admin (prod)|engineer-admin-prod",
            "  Read-Only  |read-only", "S3.Uploader_2|s3.uploader_2", "Ops / Prod: Break glass|ops-prod-break-glass" })
    void profileNamesComeFromDisplayNames(String display, String profile) throws IOException {
        for (String shell : SHELLS) {
            assertThat(run(shell, script("https://p"), "profile_slug '" + display + "'")).as(shell).isEqualTo(profile);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "ap-southeast-4" })
    void regionsShapedLikeAwsAreAccepted(String region) throws IOException {
        for (String shell : SHELLS) {
            assertThat(run(shell, script("https://p"), "valid_region '" + region + "'")).as(shell).isEqualTo(region);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "EU-west-1", "eu west 1", "eu-west-1;id", "e-west-1", "eu-", "eu--west-1",
            "eu-west-1-abcdefghijklmnopqrstuvwxyz" })
    void regionsNotShapedLikeAwsAreRefused(String region) throws IOException {
        for (String shell : SHELLS) {
            assertThat(run(shell, script("https://p"), "valid_region '" + region + "' || echo refused")).as(shell)
                    .isEqualTo("refused");
        }
    }

    @Test
    void theRenderedDefaultRegionIsThePortals() throws IOException {
        assertThat(run("dash", script("https://p"), "printf '%s' \"$default_region\"")).isEqualTo("eu-west-3");
    }

    @Test
    void aWaiterGivesUpOnALiveLockHolderAfterTheTimeoutWithAClearError() throws IOException {
        Path script = script("https://p");
        Path lock = dir.resolve(".cache/mfa-portal/lock");
        Files.createDirectories(lock);
        long alive = ProcessHandle.current().pid();
        Files.writeString(lock.resolve("pid"), alive + "\n");

        Subprocess waiter = Subprocess.run(List.of("dash", "-c", "MFA_PORTAL_LIBRARY=1 . \"$1\" && take_lock && echo taken",
                "dash", script.toString()), Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString(),
                        "MFA_PORTAL_LOCK_TIMEOUT", "1"), java.time.Duration.ofSeconds(20));

        assertThat(waiter.exitValue()).isEqualTo(6);
        assertThat(waiter.output()).doesNotContain("taken").contains("gave up after 1s waiting for another mfa-portal (pid "
                + alive + ")").contains("delete " + lock);
        assertThat(Files.readString(lock.resolve("pid"))).isEqualTo(alive + "\n");
    }

    @Test
    void aLockWhoseHolderDiedIsBrokenAndTakenThenReleasedOnExit() throws IOException, InterruptedException {
        Path script = script("https://p");
        Path lock = dir.resolve(".cache/mfa-portal/lock");
        Files.createDirectories(lock);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(lock.resolve("pid"), gone.pid() + "\n");

        Subprocess taker = Subprocess.run(List.of("dash", "-c", "MFA_PORTAL_LIBRARY=1 . \"$1\" && take_lock && "
                + "printf 'holder %s mine %s\\n' \"$(cat \"$lock_dir/pid\")\" \"$$\"", "dash", script.toString()),
                Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString(), "MFA_PORTAL_LOCK_TIMEOUT", "5"),
                java.time.Duration.ofSeconds(20));

        assertThat(taker.exitValue()).as(taker.output()).isZero();
        String[] words = taker.output().strip().split(" ");
        assertThat(words[1]).isEqualTo(words[3]);
        assertThat(lock).doesNotExist();
    }

    /** The script rendered for a portal at {@code portalUrl}, written to the temporary directory. */
    private Path script(String portalUrl) throws IOException {
        CliConfig config = new CliConfig() {
            @Override
            public String clientId() {
                return "mfa-portal-cli";
            }

            @Override
            public Optional<String> issuer() {
                return Optional.of("https://sso.example.com/realms/it's");
            }
        };
        Path script = dir.resolve("mfa-portal");
        Files.writeString(script, new CliHelper(config, "https://unused.example.com/", "1.2.3", "eu-west-3").render(portalUrl));
        return script;
    }

    /** Loads the script's functions into {@code shell} and runs {@code command}; returns its trimmed output. */
    private String run(String shell, Path script, String command) {
        Subprocess sub = Subprocess.run(List.of(shell, "-c", "cd \"$1\" && MFA_PORTAL_LIBRARY=1 . \"$2\" && " + command,
                shell, dir.toString(), script.toString()), Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()),
                java.time.Duration.ofSeconds(20));
        return sub.output().strip();
    }
}
