package io.camelbundle.token;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

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
        return h2At(null);
    }

    /** {@code ds}, whose new connections fail with "database down" while {@code down} is set: an outage. */
    public static DataSource failingWhile(AtomicBoolean down, DataSource ds) {
        return (DataSource) Proxy.newProxyInstance(TestDatabases.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    if (down.get() && method.getName().equals("getConnection")) {
                        throw new SQLException("database down");
                    }
                    try {
                        return method.invoke(ds, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
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
            flyway(ds, schema, null, true);
        }
        return ds;
    }

    /**
     * Like {@link #postgres}, behind a connection pool as the bundle's datasource is: tests that make thousands
     * of short calls from many threads would otherwise spend their time opening connections (tens of ms each
     * on a loaded two-core machine), not in what they test.
     */
    public static DataSource postgresPooled(String schema, boolean clean) {
        PGSimpleDataSource plain = (PGSimpleDataSource) postgres(schema, clean);
        try {
            return io.agroal.api.AgroalDataSource
                    .from(new io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier()
                            .connectionPoolConfiguration(pool -> pool.maxSize(20)
                                    .connectionFactoryConfiguration(
                                            factory -> factory.connectionProviderClass(org.postgresql.Driver.class)
                                                    .jdbcUrl(plain.getURL())
                                                    .principal(
                                                            new io.agroal.api.security.NamePrincipal(plain.getUser()))
                                                    .jdbcProperty("currentSchema", schema))));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh in-memory H2 database migrated up to {@code version} only (null: all), for later migrations. */
    public static DataSource h2At(String version) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:tokens-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        flyway(ds, null, version, false);
        return ds;
    }

    /** Like {@link #postgres}, emptied and migrated up to {@code version} only. */
    public static DataSource postgresAt(String schema, String version) {
        DataSource ds = postgres(schema, false);
        flyway(ds, schema, version, true);
        return ds;
    }

    /** Applies the migrations not applied yet. */
    public static void migrate(DataSource ds) {
        flyway(ds, ds instanceof PGSimpleDataSource pg ? pg.getCurrentSchema() : null, null, false);
    }

    /** Migrates with the bundle's Flyway scripts up to {@code target} (null: all), after emptying if asked. */
    private static void flyway(DataSource ds, String schema, String target, boolean clean) {
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (schema != null) {
            config = config.schemas(schema).cleanDisabled(false);
        }
        if (target != null) {
            config = config.target(target);
        }
        Flyway flyway = config.load();
        if (clean) {
            flyway.clean();
        }
        flyway.migrate();
    }
}
