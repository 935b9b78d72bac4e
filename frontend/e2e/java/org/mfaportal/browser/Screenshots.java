package org.mfaportal.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.ViewportSize;

/**
 * Screenshots of the main pages, for people: {@code target/screenshots/NAME.png} (desktop, light) and
 * {@code NAME-phone-dark.png} (360 px wide, dark scheme). README and docs/screenshots show copies of the key ones.
 */
final class Screenshots {

    private Screenshots() {
    }

    static void capture(Page page, String name) {
        try {
            Files.createDirectories(SuiteSettings.SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ViewportSize desktop = page.viewportSize();
        page.screenshot(options(name + ".png"));
        page.setViewportSize(360, 780);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        page.screenshot(options(name + "-phone-dark.png"));
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        page.setViewportSize(desktop.width, desktop.height);
    }

    private static Page.ScreenshotOptions options(String file) {
        Path path = SuiteSettings.SCREENSHOTS.resolve(file);
        // Animations off and the caret hidden: the same page gives the same picture.
        return new Page.ScreenshotOptions().setPath(path).setFullPage(true)
                .setAnimations(com.microsoft.playwright.options.ScreenshotAnimations.DISABLED);
    }
}
