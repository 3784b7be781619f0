package io.camelbundle.tze;

import javax.sql.DataSource;

import io.camelbundle.token.TestDatabases;

/** The binding store on a fresh in-memory H2, migrated with the bundle's Flyway scripts. */
class TzeBindingStoreTest extends TzeBindingStoreContract {

    private final DataSource dataSource = TestDatabases.h2();

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
