package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelbundle.support.CapturedLogs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The unknown-field metric and log: counted per record, each name logged once, names capped. */
class OmUnknownFieldsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OmUnknownFields unknown = new OmUnknownFields(registry);

    private double count(String field) {
        var counter = registry.find("bundle.om.unknown.fields").tag("field", field).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachRecordCountsEachNameOnceAndEachNameIsLoggedOnce() {
        List<String> logged = CapturedLogs.of(OmUnknownFields.class, () -> {
            unknown.accept(List.of("ipaddr", "colour"));
            unknown.accept(List.of("colour", "colour"));
            unknown.accept(List.of("colour"));
        });
        assertThat(count("ipaddr")).isEqualTo(1);
        assertThat(count("colour")).isEqualTo(3);
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0)).contains("'ipaddr'");
        assertThat(logged.get(1)).contains("'colour'");
    }

    @Test
    void namesAreCappedShortenedAndStrippedOfControlCharacters() {
        String longName = "x".repeat(500);
        List<String> logged = CapturedLogs.of(OmUnknownFields.class, () -> {
            unknown.accept(List.of(longName, "bad\nname"));
            for (int i = 0; i < 2 * OmUnknownFields.MAX_NAMES; i++) {
                unknown.accept(List.of("field-" + i));
            }
        });
        assertThat(count("x".repeat(OmUnknownFields.MAX_NAME_LENGTH) + "...")).isEqualTo(1);
        assertThat(count("bad?name")).isEqualTo(1);
        long tagged = registry.find("bundle.om.unknown.fields").counters().stream()
                .filter(c -> !OmUnknownFields.OTHER.equals(c.getId().getTag("field"))).count();
        assertThat(tagged).isEqualTo(OmUnknownFields.MAX_NAMES);
        assertThat(count(OmUnknownFields.OTHER))
                .isEqualTo(2 * OmUnknownFields.MAX_NAMES + 2 - OmUnknownFields.MAX_NAMES);
        // one line per tracked name and one saying the cap is reached: the log is bounded too
        assertThat(logged).hasSize(OmUnknownFields.MAX_NAMES + 1);
        assertThat(logged.get(logged.size() - 1)).contains("counted as _other");
        assertThat(String.join("\n", logged)).doesNotContain("bad\nname");
    }
}
