package io.camelbundle.om.filedrop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.camelbundle.om.Rejection;

/**
 * What a line of {@code <file>.failed.jsonl} carries besides the event: {@code _error}, why it was parked, and
 * {@code _key}, the idempotency key of the record it was parked from. Re-sent (re-drive or dropped back by
 * hand), the record keeps that key, so it is sent at most once however it comes back: a crash between a
 * file's report and its move to om.done resumes the file, which sends the parked records again, and the
 * re-drive later moves the same parked records into the inbox; a re-dropped original and its parked file
 * are the same case. Both fields are dropped before normalisation (they are not OM fields).
 *
 * @param eventFields the record without the two fields
 * @param key         the carried key, or null when the record has none
 * @param keyProblem  why {@code _key} is unusable (the record is rejected), or null
 */
record ParkedRecord(Map<String, Object> eventFields, String key, Rejection.Reason keyProblem) {

    static final String ERROR = "_error";
    static final String KEY = "_key";

    /** A record key: the SHA-256 of a file's content in hex, a colon, the record's position in it. */
    private static final Pattern KEY_FORM = Pattern.compile("[0-9a-f]{64}:[1-9][0-9]{0,18}");

    static ParkedRecord of(Map<String, Object> fields) {
        if (!fields.containsKey(ERROR) && !fields.containsKey(KEY)) {
            return new ParkedRecord(fields, null, null);
        }
        Map<String, Object> event = new LinkedHashMap<>(fields);
        event.remove(ERROR);
        if (!event.containsKey(KEY)) {
            return new ParkedRecord(event, null, null);
        }
        Object key = event.remove(KEY);
        if (key instanceof String text && KEY_FORM.matcher(text).matches()) {
            return new ParkedRecord(event, text, null);
        }
        return new ParkedRecord(event, null, new Rejection.Reason(KEY, "not a parked record's key",
                KEY + ": not a parked record's key (a .failed.jsonl line carries <sha-256 hex>:<position>)"));
    }

    /** The line that parks {@code event} with its {@code key}, failed with {@code error}. */
    static Map<String, Object> line(Map<String, Object> event, String key, String error) {
        Map<String, Object> line = new LinkedHashMap<>(event);
        line.put(ERROR, error);
        line.put(KEY, key);
        return line;
    }
}
