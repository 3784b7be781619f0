package io.camelbundle.persistence;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The bundle on the machine's PostgreSQL instead of the embedded H2: configuration only. */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("db.kind", "postgresql",
                "quarkus.datasource.postgresql.jdbc.url",
                "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bundle_test",
                "quarkus.flyway.postgresql.schemas", "bundle_test");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FreshPostgresSchema.class));
    }
}
