package org.mfaportal.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Databases of the local PostgreSQL (127.0.0.1:5432) that suites and benchmarks use beside {@code test}. */
public final class LocalDatabases {

    private LocalDatabases() {
    }

    /** The JDBC URL of {@code name}, after creating the database if a fresh machine does not have it yet. */
    public static String ensure(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        // a database name cannot be a bind parameter; checked to be a plain name above
                        create.execute("CREATE DATABASE " + name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + name + " on 127.0.0.1:5432", e);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }
}
