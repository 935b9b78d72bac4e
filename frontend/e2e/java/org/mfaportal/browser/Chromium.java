package org.mfaportal.browser;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * One headless Debian Chromium for the whole suite (per test JVM), closed when JUnit finishes. Playwright talks
 * to it over CDP; it never downloads a browser of its own.
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Path.of(System.getProperty("browser-suite.chromium", "/usr/bin/chromium"));

    /** Headless, empty profile, nothing phoning home; root needs --no-sandbox. */
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            "--disable-dev-shm-usage");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
                .setHeadless(true).setArgs(ARGS));
    }

    /** The suite's browser, launched on first use. */
    static Browser shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Chromium.class, key -> new Chromium(), Chromium.class).browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
