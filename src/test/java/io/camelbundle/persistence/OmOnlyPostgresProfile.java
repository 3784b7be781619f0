package io.camelbundle.persistence;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A deployment that reports OM events only, on the machine's PostgreSQL instead of the embedded H2:
 * configuration only. One profile for both, since each profile costs the suite an augmentation and a start of
 * its own, and an OM-only replica on PostgreSQL is a production shape of its own.
 */
public class OmOnlyPostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bundle.vendors", "om",
                "bundle.data-dir", "./target/test-data/om-only-" + UUID.randomUUID(),
                "db.kind", "postgresql",
                "quarkus.datasource.postgresql.jdbc.url",
                "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bundle_test",
                "quarkus.flyway.postgresql.schemas", "bundle_test");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FreshPostgresSchema.class));
    }
}
