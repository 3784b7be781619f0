package io.camelbundle.tze;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;

import io.camelbundle.token.TestDatabases;

/**
 * The binding store on the machine's PostgreSQL (127.0.0.1:5432, database test) in its own schema, cleaned
 * and migrated once: proves V2 is portable SQL and the upsert race holds on a real server.
 */
class TzeBindingStorePostgresTest extends TzeBindingStoreContract {

    private static final String SCHEMA = "tze_bindings_test";
    private static DataSource migrated;

    @BeforeAll
    static void migrate() {
        migrated = TestDatabases.postgres(SCHEMA, true);
    }

    @Override
    DataSource dataSource() {
        try (var c = migrated.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM tze_binding");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return migrated;
    }
}
