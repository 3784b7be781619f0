package io.camelbundle.token;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Databases for tests that build the token control by hand, migrated with the bundle's own Flyway scripts. */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A fresh in-memory H2 database. */
    public static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:tokens-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        migrate(ds, null);
        return ds;
    }

    /**
     * A data source on the machine's PostgreSQL (127.0.0.1:5432, database test) in its own schema, emptied
     * and migrated. Each call returns an independent data source: separate connections, as two instances.
     */
    public static DataSource postgres(String schema, boolean clean) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(System.getProperty("test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        ds.setUser(System.getProperty("test.postgres.user", "postgres"));
        ds.setCurrentSchema(schema);
        if (clean) {
            migrate(ds, schema);
        }
        return ds;
    }

    /** A fresh in-memory H2 database migrated up to {@code version} only (to test a later migration). */
    public static DataSource h2At(String version) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:tokens-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target(version).load().migrate();
        return ds;
    }

    /** Like {@link #postgres}, emptied and migrated up to {@code version} only. */
    public static DataSource postgresAt(String schema, String version) {
        DataSource ds = postgres(schema, false);
        Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration").schemas(schema)
                .cleanDisabled(false).target(version).load();
        flyway.clean();
        flyway.migrate();
        return ds;
    }

    /** Applies the migrations not applied yet. */
    public static void migrate(DataSource ds) {
        String schema = ds instanceof PGSimpleDataSource pg ? pg.getCurrentSchema() : null;
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        (schema == null ? config : config.schemas(schema)).load().migrate();
    }

    private static void migrate(DataSource ds, String schema) {
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (schema != null) {
            config = config.schemas(schema).cleanDisabled(false);
            Flyway flyway = config.load();
            flyway.clean();
            flyway.migrate();
        } else {
            config.load().migrate();
        }
    }
}
