package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.camelbundle.cluster.ClusterConfig;
import io.camelbundle.http.IngressConfig;
import io.camelbundle.om.OmConfig;
import io.camelbundle.openapi.OpenApiConfig;
import io.camelbundle.token.TokenConfig;
import io.camelbundle.tze.TzeConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;

/**
 * The configuration interfaces keep their defaults ({@code @WithDefault}) so the jar starts even where
 * config/application.properties is not read, and config/application.properties is the operators' reference
 * with every key and its default: where both give a default, they must give the same one.
 */
class ConfigReferenceDefaultsTest {

    private static final List<Class<?>> MAPPINGS = List.of(OmConfig.class, TzeConfig.class, OpenApiConfig.class,
            TokenConfig.class, IngressConfig.class, ClusterConfig.class);

    @Test
    void theReferenceGivesTheDefaultsTheCodeGives() throws IOException {
        Properties reference = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("config/application.properties"))) {
            reference.load(in);
        }
        List<String> differing = new ArrayList<>();
        int compared = 0;
        for (Class<?> type : MAPPINGS) {
            String prefix = type.getAnnotation(ConfigMapping.class).prefix();
            Map<String, ConfigMappingInterface.Property> properties = ConfigMappings
                    .getProperties(ConfigMappings.ConfigClass.configClass(type, prefix));
            for (Map.Entry<String, ConfigMappingInterface.Property> e : properties.entrySet()) {
                String key = e.getKey();
                ConfigMappingInterface.Property property = e.getValue();
                if (!property.hasDefaultValue() || !reference.containsKey(key)) {
                    continue;
                }
                compared++;
                String inCode = property.getDefaultValue();
                String inReference = reference.getProperty(key).trim();
                if (!inCode.equals(inReference)) {
                    differing.add(key + ": code " + inCode + ", config/application.properties " + inReference);
                }
            }
        }
        assertThat(compared).as("keys compared").isGreaterThan(50);
        assertThat(differing).isEmpty();
    }
}
