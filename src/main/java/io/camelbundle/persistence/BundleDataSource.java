package io.camelbundle.persistence;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;

/**
 * The bundle's one datasource. Both an embedded H2 ({@code h2}) and a PostgreSQL ({@code postgresql})
 * datasource are built in, because Quarkus fixes a datasource's kind at build time; {@code db.kind}
 * activates exactly one of them at run time (see config/application.properties), and this producer hands
 * the active one to the rest of the bundle under the name {@code bundleDataSource}.
 */
public class BundleDataSource {

    @Produces
    @Singleton
    @Default
    @Named("bundleDataSource")
    DataSource dataSource(@ConfigProperty(name = "db.kind", defaultValue = "h2") String kind) {
        return Arc.container().select(AgroalDataSource.class,
                new io.quarkus.agroal.DataSource.DataSourceLiteral(DbKindConfigSource.kind(kind))).get();
    }
}
