package io.camelbundle.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Drops the test schema before the bundle starts, so Flyway migrates from scratch and no token of an
 * earlier run survives. Fails with a clear message when PostgreSQL is not running.
 */
public class FreshPostgresSchema implements QuarkusTestResourceLifecycleManager {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    public Map<String, String> start() {
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bundle_test CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed on 127.0.0.1:5432 (database test, user postgres);"
                    + " .ci/run starts it: " + e.getMessage(), e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
