package io.camelbundle.om;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Leaves a trace of the unknown field names in OM events on every path (queue, Kamelet, file drop):
 * {@code bundle_om_unknown_fields_total{field}} counts the records carrying each name, and each new name is
 * logged once at WARN. A misspelt name ({@code "ipaddr"}) otherwise only makes the field go out as missing.
 *
 * <p>The names come from whoever writes the events, so both are bounded: at most {@link #MAX_NAMES} names get
 * their own tag value and log line, each shortened to {@link #MAX_NAME_LENGTH} characters with control
 * characters replaced; every further name is counted under {@link #OTHER} (logged once, when the cap is hit).
 */
public class OmUnknownFields implements Consumer<List<String>> {

    public static final int MAX_NAMES = 100;
    public static final int MAX_NAME_LENGTH = 64;
    /** The tag value of every name beyond the first {@link #MAX_NAMES}. */
    public static final String OTHER = "_other";

    private static final Logger LOG = Logger.getLogger(OmUnknownFields.class);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter other;

    public OmUnknownFields(MeterRegistry registry) {
        this.registry = registry;
        this.other = counter(OTHER);
    }

    /** The unknown names of one record. */
    @Override
    public void accept(List<String> names) {
        names.stream().map(OmUnknownFields::shown).distinct().forEach(name -> tracked(name).increment());
    }

    private Counter tracked(String name) {
        Counter known = counters.get(name);
        if (known != null) {
            return known;
        }
        synchronized (counters) {
            known = counters.get(name);
            if (known != null) {
                return known;
            }
            if (counters.size() >= MAX_NAMES) {
                return other;
            }
            Counter created = counter(name);
            counters.put(name, created);
            LOG.warnf("OM events carry the unknown field '%s': dropped, not sent (OM field names: %s)", name,
                    OmField.names());
            if (counters.size() == MAX_NAMES) {
                LOG.warnf("%d distinct unknown OM field names seen: further names are counted as %s and not logged",
                        MAX_NAMES, OTHER);
            }
            return created;
        }
    }

    private Counter counter(String name) {
        return Counter.builder("bundle.om.unknown.fields").tag("field", name)
                .description("OM event records carrying an unknown field name, which was dropped").register(registry);
    }

    /** The name as tag value and in the log: at most {@link #MAX_NAME_LENGTH} characters, no control characters. */
    static String shown(String name) {
        String text = name == null ? "null" : name;
        if (text.codePointCount(0, text.length()) > MAX_NAME_LENGTH) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_NAME_LENGTH)) + "...";
        }
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return shown.toString();
    }
}
