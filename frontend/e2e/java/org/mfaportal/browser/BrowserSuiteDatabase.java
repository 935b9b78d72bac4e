package org.mfaportal.browser;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Creates the browser suite's own database on the local PostgreSQL when a fresh machine does not have it yet. */
public class BrowserSuiteDatabase implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, SuiteSettings.DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        // a database name cannot be a bind parameter; it comes from the build, not from input
                        create.execute("CREATE DATABASE \"" + SuiteSettings.DATABASE.replace("\"", "") + "\"");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the browser suite's database " + SuiteSettings.DATABASE, e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // kept for the next run; Flyway cleans it at start
    }
}
