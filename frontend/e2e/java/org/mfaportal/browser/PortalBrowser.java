package org.mfaportal.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;

/**
 * A test class's browser window: one context (cookies, clipboard permission) and one page on the suite's shared
 * Chromium, kept for the whole class so a signed-in session carries from one test to the next. A failing test
 * leaves a screenshot in {@code target/screenshots/failures}.
 */
final class PortalBrowser implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {

    /** Generous for a busy 2-core machine; every wait is on a condition, never a fixed sleep. */
    static final double TIMEOUT_MILLIS = 20_000;

    /** A time zone far from UTC, so the test can tell that pages show times in the viewer's zone. */
    static final String TIME_ZONE = "Asia/Kolkata";

    private Browser browser;
    private BrowserContext context;
    private Page page;

    @Override
    public void beforeAll(ExtensionContext extension) {
        PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MILLIS);
        browser = Chromium.shared(extension);
        context = newContext();
        page = context.newPage();
    }

    /** A fresh window (no cookies) on the same browser, as a second person at another desk. */
    BrowserContext newContext() {
        BrowserContext created = browser.newContext(new Browser.NewContextOptions().setBaseURL(SuiteSettings.APP.toString())
                .setViewportSize(1280, 900).setLocale("en-US").setTimezoneId(TIME_ZONE)
                .setColorScheme(ColorScheme.LIGHT));
        created.grantPermissions(List.of("clipboard-read", "clipboard-write"),
                new BrowserContext.GrantPermissionsOptions().setOrigin(SuiteSettings.APP.toString()));
        created.setDefaultTimeout(TIMEOUT_MILLIS);
        created.setDefaultNavigationTimeout(TIMEOUT_MILLIS);
        return created;
    }

    Page page() {
        return page;
    }

    BrowserContext context() {
        return context;
    }

    @Override
    public void afterTestExecution(ExtensionContext extension) {
        if (extension.getExecutionException().isPresent() && page != null && !page.isClosed()) {
            Path dir = SuiteSettings.SCREENSHOTS.resolve("failures");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(dir.resolve(
                    extension.getRequiredTestClass().getSimpleName() + "-" + extension.getRequiredTestMethod().getName()
                            + ".png")));
        }
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        if (context != null) {
            context.close();
        }
    }
}
