package io.camelbundle.token;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/** OM unreachable from the start and no grace period: the bundle runs but has no token (retried every 2 s at most). */
public class NoTokenProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("om.auth-url", "http://127.0.0.1:9/unreachable",
                "tokens.startup-grace", "PT0S",
                "tokens.retry.max", "PT2S",
                "bundle.data-dir", "./target/test-data/no-token-" + UUID.randomUUID());
    }
}
