package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The OM event normaliser as the application wires it from om.data-source and om.events.*. */
@QuarkusTest
class OmBeansTest {

    @Inject
    OmEventNormalizer normalizer;

    @Test
    void normaliserIsConfiguredFromTheOmSettings() {
        assertThat(normalizer.settings()).isEqualTo(
                new OmEventNormalizer.Settings("sandbox", 1024, Duration.ofDays(1)));
        NormalizedEvent event = (NormalizedEvent) normalizer.normalize(Map.of("imei", "1"));
        assertThat(event.fields().get("data_source")).isEqualTo("sandbox");
    }
}
