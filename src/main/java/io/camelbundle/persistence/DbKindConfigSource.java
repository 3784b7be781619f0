package io.camelbundle.persistence;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * {@code db.kind} (h2 or postgresql) switches on the one datasource of that kind: both are built in because
 * Quarkus fixes a datasource's kind at build time, so this sets {@code quarkus.datasource.<kind>.active} for
 * the two of them. Below the configuration files, so a key set there by hand still wins.
 */
public class DbKindConfigSource implements ConfigSourceFactory {

    static final List<String> KINDS = List.of("h2", "postgresql");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue("db.kind");
        String kind = kind(value == null ? null : value.getValue());
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.h2.active", String.valueOf(kind.equals("h2")),
                "quarkus.datasource.postgresql.active", String.valueOf(kind.equals("postgresql"))),
                "db.kind", 200));
    }

    /** The kind {@code db.kind} names (h2 when unset), refused by name when it is neither. */
    static String kind(String value) {
        String kind = value == null ? "h2" : value;
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("db.kind must be h2 or postgresql, is '" + kind + "'");
        }
        return kind;
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(200);
    }
}
