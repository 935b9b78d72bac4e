package org.mfaportal.browser;

import java.util.Map;

import org.mfaportal.testing.LocalDatabases;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Creates the browser suite's own database on the local PostgreSQL when a fresh machine does not have it yet. */
public class BrowserSuiteDatabase implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalDatabases.ensure(SuiteSettings.DATABASE);
        return Map.of();
    }

    @Override
    public void stop() {
        // kept for the next run; Flyway cleans it at start
    }
}
