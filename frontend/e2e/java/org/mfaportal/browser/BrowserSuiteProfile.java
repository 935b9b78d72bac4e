package org.mfaportal.browser;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * How the packaged app runs for the browser suite: the test profile (demo users, the built-in emulator), but on
 * a database and an emulator port of its own, so the suite neither disturbs nor depends on the other suites.
 * The HTTP port is {@code quarkus.http.test-port} and Keycloak's is {@code keycloak.port} (both set by failsafe).
 * A packaged app counts as production for the startup checks whatever its profile, so the emulator needs the
 * explicit demo-deployment switch.
 */
public class BrowserSuiteProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test";
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(BrowserSuiteDatabase.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.host", "127.0.0.1",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + SuiteSettings.DATABASE,
                "portal.emulator.port", String.valueOf(SuiteSettings.EMULATOR_PORT),
                "portal.emulator.allow-in-production", "true");
    }
}
