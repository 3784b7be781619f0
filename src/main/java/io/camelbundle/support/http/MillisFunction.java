package io.camelbundle.support.http;

import java.time.Duration;

import org.apache.camel.spi.PropertiesFunction;
import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * The property function {@code {{millis:<key>}}}: the milliseconds of a duration key (ISO-8601 such as
 * {@code PT3S}, or Quarkus' short form {@code 3s}), for Camel options that take milliseconds, e.g.
 * {@code responseTimeout={{millis:openapi.timeout}}}. So each timeout is configured once, as a duration.
 */
public final class MillisFunction implements PropertiesFunction {

    private final Config config;

    public MillisFunction(Config config) {
        this.config = config;
    }

    @Override
    public String getName() {
        return "millis";
    }

    @Override
    public String apply(String key) {
        String name = key.trim();
        String value = config.getOptionalValue(name, String.class)
                .orElseThrow(() -> new IllegalArgumentException("{{millis:" + name + "}}: " + name + " is not set"));
        Duration duration;
        try {
            duration = DurationConverter.parseDuration(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("{{millis:" + name + "}}: " + name + " is not a duration: " + value);
        }
        return Long.toString(duration.toMillis());
    }
}
