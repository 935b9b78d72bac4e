package org.mfaportal.browser;

import java.net.URI;
import java.nio.file.Path;

/** Ports, database and output folder of the browser suite; failsafe sets them (see the pom's it.* properties). */
final class SuiteSettings {

    static final int APP_PORT = Integer.getInteger("quarkus.http.test-port", 18401);
    static final int EMULATOR_PORT = Integer.getInteger("browser-suite.emulator-port", 18402);
    static final String DATABASE = System.getProperty("browser-suite.database", "test_browser");
    static final URI APP = URI.create("http://127.0.0.1:" + APP_PORT);
    static final URI EMULATOR = URI.create("http://127.0.0.1:" + EMULATOR_PORT);
    static final Path SCREENSHOTS = Path.of(System.getProperty("browser-suite.screenshots", "target/screenshots"));

    /** IAM users of the emulator's demo account. */
    static final String ACCOUNT = "123456789012";

    private SuiteSettings() {
    }

    static String userArn(String user) {
        return "arn:aws:iam::" + ACCOUNT + ":user/engineers/" + user;
    }
}
