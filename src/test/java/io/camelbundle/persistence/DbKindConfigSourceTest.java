package io.camelbundle.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class DbKindConfigSourceTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "operator", 260))
                .withSources(new DbKindConfigSource()).build();
    }

    @Test
    void theKindNamedIsTheOneActiveDatasource() {
        SmallRyeConfig postgres = config(Map.of("db.kind", "postgresql"));
        assertThat(postgres.getValue("quarkus.datasource.postgresql.active", Boolean.class)).isTrue();
        assertThat(postgres.getValue("quarkus.datasource.h2.active", Boolean.class)).isFalse();
        SmallRyeConfig h2 = config(Map.of());
        assertThat(h2.getValue("quarkus.datasource.h2.active", Boolean.class)).as("h2 by default").isTrue();
        assertThat(h2.getValue("quarkus.datasource.postgresql.active", Boolean.class)).isFalse();
    }

    @Test
    void aKeySetByHandWins() {
        SmallRyeConfig config = config(Map.of("db.kind", "h2", "quarkus.datasource.postgresql.active", "true"));
        assertThat(config.getValue("quarkus.datasource.postgresql.active", Boolean.class)).isTrue();
    }

    @Test
    void anUnknownKindIsRefusedByName() {
        assertThatThrownBy(() -> config(Map.of("db.kind", "mysql")))
                .hasStackTraceContaining("db.kind must be h2 or postgresql, is 'mysql'");
    }
}
