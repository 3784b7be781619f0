package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class ConfigPropertiesSourceTest {

    private final ConfigPropertiesSource source = new ConfigPropertiesSource(new SmallRyeConfigBuilder()
            .addDefaultInterceptors() // expressions, as in Quarkus
            .withSources(new PropertiesConfigSource(Map.of("om.retry.initial-delay", "500",
                    "om.inbox", "${bundle.data-dir}/inbox/om-events", "bundle.data-dir", "/data"), "test", 500))
            .build());

    @Test
    void answersAKeyAsTheConfigurationDoesExpressionsIncluded() {
        assertThat(source.getProperty("om.retry.initial-delay")).isEqualTo("500");
        assertThat(source.getProperty("om.inbox")).isEqualTo("/data/inbox/om-events");
        assertThat(source.getProperty("not.set")).isNull();
    }

    /** Camel asks the first source that knows a key; the slow one is asked only for what this one lacks. */
    @Test
    void camelAsksItBeforeALoadableSourceAndNeverLoadsThatOneForItsKeys() throws Exception {
        CountingLoadableSource slow = new CountingLoadableSource();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            PropertiesComponent properties = camel.getPropertiesComponent();
            properties.addPropertiesSource(slow);
            properties.addPropertiesSource(source);
            camel.start();
            assertThat(camel.resolvePropertyPlaceholders("{{om.retry.initial-delay}} ms")).isEqualTo("500 ms");
            assertThat(slow.loads).as("loadProperties calls for keys this source answers").isZero();
            assertThat(camel.resolvePropertyPlaceholders("{{only.slow}}")).isEqualTo("slow");
            assertThat(camel.resolvePropertyPlaceholders("{{not.set:fallback}}")).isEqualTo("fallback");
        }
    }

    private static final class CountingLoadableSource implements LoadablePropertiesSource {
        int loads;

        @Override
        public String getName() {
            return "slow";
        }

        @Override
        public String getProperty(String name) {
            return name.equals("only.slow") || name.equals("om.retry.initial-delay") ? "slow" : null;
        }

        @Override
        public Properties loadProperties() {
            loads++;
            return new Properties();
        }

        @Override
        public Properties loadProperties(java.util.function.Predicate<String> filter) {
            return loadProperties();
        }

        @Override
        public void reloadProperties(String location) {
        }
    }
}
