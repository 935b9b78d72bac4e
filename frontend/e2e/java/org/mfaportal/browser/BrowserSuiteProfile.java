package org.mfaportal.browser;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * How the packaged app runs for the browser suite: the test profile (demo users and settings), on a database of
 * its own, against the standalone emulator on a port of its own ({@link BrowserSuiteEmulator}: the packaged app
 * has no built-in emulator), so the suite neither disturbs nor depends on the other suites. The HTTP port is
 * {@code quarkus.http.test-port} and Keycloak's is {@code keycloak.port} (both set by failsafe).
 */
public class BrowserSuiteProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test";
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(BrowserSuiteDatabase.class), new TestResourceEntry(BrowserSuiteEmulator.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.host", "127.0.0.1",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + SuiteSettings.DATABASE);
    }
}
