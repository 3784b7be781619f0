package io.camelbundle.om.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParkedRecordTest {

    private static final String KEY = "a".repeat(64) + ":7";

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void aRecordWithoutParkingFieldsIsLeftAsItIs() {
        Map<String, Object> record = fields("imei", "1", "source", 2);
        ParkedRecord parked = ParkedRecord.of(record);
        assertThat(parked.eventFields()).isSameAs(record);
        assertThat(parked.key()).isNull();
        assertThat(parked.keyProblem()).isNull();
    }

    @Test
    void aParkedLineGivesBackItsEventAndKey() {
        Map<String, Object> event = fields("imei", "1", "source", 2L);
        Map<String, Object> line = ParkedRecord.line(event, KEY, "OM answered HTTP 500");
        assertThat(line).containsEntry("_error", "OM answered HTTP 500").containsEntry("_key", KEY);

        ParkedRecord parked = ParkedRecord.of(line);
        assertThat(parked.eventFields()).isEqualTo(event);
        assertThat(parked.key()).isEqualTo(KEY);
        assertThat(parked.keyProblem()).isNull();
        assertThat(line).as("the record as read is not changed").containsKey("_key");
    }

    @Test
    void aLineParkedBeforeKeysWereCarriedHasNone() {
        ParkedRecord parked = ParkedRecord.of(fields("imei", "1", "_error", "timeout"));
        assertThat(parked.eventFields()).containsOnlyKeys("imei");
        assertThat(parked.key()).isNull();
        assertThat(parked.keyProblem()).isNull();
    }

    @Test
    void anythingButAContentHashAndAPositionIsNotAKey() {
        for (Object bad : new Object[]{"mine:1", "A".repeat(64) + ":1", "a".repeat(64) + ":0", "a".repeat(64),
                "a".repeat(64) + ":1 ", 7L, null, Map.of()}) {
            ParkedRecord parked = ParkedRecord.of(fields("imei", "1", "_key", bad));
            assertThat(parked.key()).as("%s", bad).isNull();
            assertThat(parked.keyProblem().key()).as("%s", bad).isEqualTo("_key: not a parked record's key");
            assertThat(parked.eventFields()).containsOnlyKeys("imei");
        }
    }
}
