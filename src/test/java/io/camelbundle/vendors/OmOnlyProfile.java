package io.camelbundle.vendors;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A deployment that reports OM events only. */
public class OmOnlyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bundle.vendors", "om",
                "bundle.data-dir", "./target/test-data/om-only-" + UUID.randomUUID());
    }
}
