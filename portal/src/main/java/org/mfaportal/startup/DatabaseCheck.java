package org.mfaportal.startup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * One connection attempt to the database before Quarkus starts, so that a database that is missing, refuses the
 * login or does not answer gives one line naming the settings to fix, not a Flyway stack trace. The portal's own
 * pool and Flyway connect only after this succeeded.
 */
final class DatabaseCheck {

    private DatabaseCheck() {
    }

    /**
     * The problem with the database, or empty when a connection could be opened.
     *
     * @param url      the JDBC URL ({@code quarkus.datasource.jdbc.url})
     * @param user     the login, or {@code null}
     * @param password the password, or {@code null}; never part of the answer
     */
    static Optional<String> problem(String url, String user, String password) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // PostgreSQL driver options: fail within seconds instead of the OS's connect timeout.
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(describe(e.getSQLState(), url, user));
        }
    }

    /** One line per kind of failure, naming the settings (URL and user, never the password). */
    static String describe(String sqlState, String url, String user) {
        String where = "the database at " + withoutParameters(url) + " (" + StartupChecks.named("quarkus.datasource.jdbc.url")
                + ")";
        String state = sqlState == null ? "" : sqlState;
        if (state.equals("3D000")) {
            return where + " does not exist: create it (CREATE DATABASE … OWNER " + (user == null ? "…" : user)
                    + ") or fix the URL.";
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return where + " refuses the login of user \"" + user + "\": check "
                    + StartupChecks.named("quarkus.datasource.username") + " and "
                    + StartupChecks.named("quarkus.datasource.password") + ".";
        }
        if (state.startsWith("08")) {
            return where + " does not answer: check the host and port in the URL, that PostgreSQL runs, and that "
                    + "the network lets the portal reach it.";
        }
        return where + " cannot be used (SQL state " + (state.isEmpty() ? "unknown" : state) + "): check the URL, "
                + StartupChecks.named("quarkus.datasource.username") + " and "
                + StartupChecks.named("quarkus.datasource.password") + ".";
    }

    /** The URL without its query, which may carry a password or a key file's path. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
