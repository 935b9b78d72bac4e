package org.mfaportal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.mfaportal.testing.BrowserSession;
import org.mfaportal.testing.FreshHome;
import org.mfaportal.testing.Subprocess;

/**
 * An engineer's fresh machine for the command-line helper: an empty home directory, the helper installed the way
 * the README says ({@code curl -fsSL -o ~/.local/bin/mfa-portal ...}), signed in through the device authorization
 * grant approved in a cookie-keeping browser at the real Keycloak, and the real AWS CLI with no configuration but
 * what the helper writes.
 */
final class HelperMachine {

    static final Duration STEP = Duration.ofSeconds(90);
    static final Pattern CODE_PROMPT = Pattern.compile("MFA code: ");

    private final URI portal;
    private final Path home;
    private final Map<String, String> environment;

    HelperMachine(URI portal, Path home) {
        this.portal = portal;
        this.home = home;
        this.environment = new LinkedHashMap<>(FreshHome.environment(home));
        environment.put("PATH", home.resolve(".local/bin") + ":" + System.getenv("PATH"));
        environment.put("SHELL", "/bin/bash");
    }

    Path home() {
        return home;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Step 1 of the README: download the helper from the portal into ~/.local/bin. */
    Path install() {
        String url = portal.toString().replaceAll("/$", "") + "/cli/mfa-portal";
        Subprocess install = Subprocess.of(List.of("sh", "-c", "mkdir -p ~/.local/bin && curl -fsSL -o "
                + "~/.local/bin/mfa-portal " + url + " && chmod +x ~/.local/bin/mfa-portal"))
                .environment(environment).run(STEP);
        assertThat(install.exitValue()).as(install.output()).isZero();
        return home.resolve(".local/bin/mfa-portal");
    }

    /** Step 2: {@code mfa-portal login}, approved as {@code user} in a browser. */
    void login(String user) {
        try (Subprocess login = Subprocess.start(List.of("sh", "-c", "mfa-portal login"), environment)) {
            login.closeInput();
            Matcher url = login.await(Pattern.compile("(http\\S+/device\\S*)"), STEP);
            String userCode = login.await(Pattern.compile("the code: (\\S+)"), STEP).group(1);
            approveDevice(portal, url.group(1), userCode, user);
            assertThat(login.waitFor(STEP)).as(login.output()).isZero();
        }
    }

    /** Runs {@code command} in sh on this machine, without a terminal; stdout and stderr apart. */
    Subprocess run(String command) {
        return Subprocess.of(List.of("sh", "-c", command)).environment(environment).directory(home).errorsApart()
                .run(STEP);
    }

    /** Starts {@code command} on a fresh pseudo-terminal, as if typed at one. */
    Subprocess onTerminal(String command) {
        return Subprocess.of(List.of("script", "-qec", command, "/dev/null")).environment(environment)
                .directory(home).start();
    }

    /** Puts a program of this name first on the PATH: a stand-in for {@code xdg-open}, say. */
    void shim(String name, String script) throws IOException {
        Path bin = home.resolve("shims");
        Files.createDirectories(bin);
        Files.writeString(bin.resolve(name), script);
        Files.setPosixFilePermissions(bin.resolve(name), PosixFilePermissions.fromString("rwx------"));
        if (!environment.get("PATH").startsWith(bin + ":")) {
            environment.put("PATH", bin + ":" + environment.get("PATH"));
        }
    }

    /** Starts {@code command} in sh in a new session without a controlling terminal, as an IDE or desktop tool would. */
    Subprocess withoutTerminal(String command) {
        return Subprocess.of(List.of("setsid", "-w", "sh", "-c", command)).environment(environment).directory(home)
                .start();
    }

    String read(String relative) throws IOException {
        return Files.readString(home.resolve(relative));
    }

    void write(String relative, String content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Drives Keycloak's device pages: the user code if asked, the login form as the user, the consent if shown. */
    static void approveDevice(URI portal, String verificationUrl, String userCode, String user) {
        BrowserSession browser = BrowserSession.anonymous(portal);
        Document page = browser.get(verificationUrl);
        for (int step = 0; step < 6; step++) {
            Element login = page.selectFirst("form#kc-form-login");
            Element codeField = page.selectFirst("input[name=device_user_code]");
            Element accept = page.selectFirst("[name=accept]");
            if (login != null) {
                page = browser.postRaw(login.absUrl("action"), Map.of("username", user, "password", user,
                        "credentialId", ""));
            } else if (codeField != null) {
                page = browser.postRaw(codeField.closest("form").absUrl("action"), Map.of("device_user_code", userCode));
            } else if (accept != null) {
                Element form = accept.closest("form");
                Map<String, String> fields = new LinkedHashMap<>();
                form.select("input[type=hidden]").forEach(h -> fields.put(h.attr("name"), h.attr("value")));
                fields.put("accept", accept.hasAttr("value") ? accept.attr("value") : "Yes");
                page = browser.postRaw(form.absUrl("action"), fields);
            } else {
                break;
            }
        }
        assertThat(browser.status()).as(page.text()).isEqualTo(200);
    }
}
