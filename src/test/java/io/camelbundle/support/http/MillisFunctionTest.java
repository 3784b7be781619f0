package io.camelbundle.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class MillisFunctionTest {

    private final MillisFunction millis = new MillisFunction(new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(java.util.Map.of("a.timeout", "PT3S", "b.timeout", "250ms",
                    "c.timeout", "PT0.5S", "d.timeout", "soon"), "test", 500))
            .build());

    @Test
    void givesTheMillisecondsOfADurationKey() {
        assertThat(millis.getName()).isEqualTo("millis");
        assertThat(millis.apply("a.timeout")).isEqualTo("3000");
        assertThat(millis.apply("b.timeout")).isEqualTo("250");
        assertThat(millis.apply(" c.timeout ")).isEqualTo("500");
    }

    @Test
    void namesAMissingOrBadKey() {
        assertThatThrownBy(() -> millis.apply("nope.timeout")).hasMessageContaining("nope.timeout is not set");
        assertThatThrownBy(() -> millis.apply("d.timeout")).hasMessageContaining("d.timeout is not a duration");
    }
}
