package io.camelbundle.vendors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The vendors this deployment runs ({@code bundle.vendors}, comma-separated). Plain, for unit tests. */
public final class VendorList {

    static final String KEY = "bundle.vendors";

    private final Set<Vendor> on;

    private VendorList(Set<Vendor> on) {
        this.on = on;
    }

    /**
     * Parses {@code bundle.vendors}; an empty list or an unknown name is refused with a message naming the key,
     * the bad value and the known names.
     */
    public static VendorList parse(String value) {
        String known = Vendor.knownKeys();
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(KEY + " is empty: list the vendors this deployment runs, any of "
                    + known);
        }
        Set<Vendor> on = EnumSet.noneOf(Vendor.class);
        for (String name : value.split(",", -1)) {
            Vendor vendor = Vendor.byKey(name)
                    .orElseThrow(() -> new IllegalArgumentException(KEY + " names an unknown vendor '" + name.trim()
                            + "' (value '" + value + "'); known: " + known));
            on.add(vendor);
        }
        return new VendorList(on);
    }

    /** True if the vendor with this name ({@link Vendor#key()}) is listed. */
    public boolean isOn(String name) {
        return on.stream().anyMatch(v -> v.key().equals(name));
    }

    public boolean isOn(Vendor vendor) {
        return on.contains(vendor);
    }

    /** The required keys of the listed vendors that {@code lookup} has no value for, in vendor order. */
    public List<String> missingKeys(Function<String, Optional<String>> lookup) {
        List<String> missing = new ArrayList<>();
        for (Vendor vendor : on) {
            vendor.requiredKeys().stream().filter(k -> lookup.apply(k).filter(v -> !v.isBlank()).isEmpty())
                    .forEach(missing::add);
        }
        return missing;
    }

    /** The start-up line, e.g. {@code Vendors on: om (openapi, tze off)}. */
    public String summary() {
        String off = names(EnumSet.complementOf(EnumSet.copyOf(on)));
        return "Vendors on: " + names(on) + (off.isEmpty() ? "" : " (" + off + " off)");
    }

    /** Camel routes-exclude-pattern entries for the route files of the vendors not listed (empty if none). */
    public String routesExcludePattern() {
        return EnumSet.complementOf(EnumSet.copyOf(on)).stream().map(Vendor::routeFiles)
                .collect(Collectors.joining(","));
    }

    /**
     * The entries of {@link #routesExcludePattern()} missing from an operator's own routes-exclude-pattern
     * (comma-separated), if any.
     */
    public Optional<String> unexcludedRouteFiles(String ownPattern) {
        Set<String> own = Arrays.stream(ownPattern.split(",")).map(String::trim).collect(Collectors.toSet());
        String missing = EnumSet.complementOf(EnumSet.copyOf(on)).stream().map(Vendor::routeFiles)
                .filter(p -> !own.contains(p)).collect(Collectors.joining(","));
        return missing.isEmpty() ? Optional.empty() : Optional.of(missing);
    }

    private static String names(Set<Vendor> vendors) {
        return vendors.stream().map(Vendor::key).collect(Collectors.joining(", "));
    }
}
