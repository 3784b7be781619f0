package io.camelbundle.vendors;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A vendor API the bundle integrates; {@code bundle.vendors} lists the ones a deployment runs. Its name is
 * the prefix of its configuration keys, of its route files (routes/&lt;name&gt;-*.camel.yaml) and, for om and tze,
 * its credential in the token central control.
 */
public enum Vendor {

    OM("om", List.of("om.client-id", "om.client-secret")),
    OPENAPI("openapi", List.of("openapi.appid", "openapi.appkey")),
    // tze.access-token stays optional: how TZE issues it is not published (see tze.token.mode)
    TZE("tze", List.of());

    private final String key;
    private final List<String> requiredKeys;

    Vendor(String key, List<String> requiredKeys) {
        this.key = key;
        this.requiredKeys = requiredKeys;
    }

    /** The name used in {@code bundle.vendors}. */
    public String key() {
        return key;
    }

    /** Configuration keys without which a deployment running this vendor refuses to start. */
    public List<String> requiredKeys() {
        return requiredKeys;
    }

    /** The vendor a configuration value names, in any case and without surrounding blanks. */
    public static Optional<Vendor> byKey(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst();
    }

    /** The vendors' names for messages: "om, openapi, tze". */
    public static String knownKeys() {
        return Arrays.stream(values()).map(Vendor::key).collect(Collectors.joining(", "));
    }

    /** Camel's routes-exclude-pattern entry (Ant style) matching this vendor's route files. */
    String routeFiles() {
        return "**/" + key + "-*.camel.yaml";
    }
}
