package io.camelbundle.om;

import java.util.List;

/**
 * A record that must not be sent, with every reason found (not only the first), so one look at the
 * rejected-records file shows everything wrong with a line.
 *
 * @param reasons       at least one reason, in field order
 * @param unknownFields input field names that are not OM fields (dropped, counted, never a reason)
 */
public record Rejection(List<Reason> reasons, List<String> unknownFields) implements NormalizationResult {

    public Rejection {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one reason");
        }
        reasons = List.copyOf(reasons);
        unknownFields = List.copyOf(unknownFields);
    }

    /** The reasons' messages, e.g. {@code "user_action: 12 is out of range 0..11"}. */
    public List<String> messages() {
        return reasons.stream().map(Reason::message).toList();
    }

    /**
     * One thing wrong with one field.
     *
     * @param field   the OM field's wire name, e.g. {@code user_action}
     * @param kind    what is wrong without the concrete value, e.g. {@code out of range}; stable, so
     *                reports can group by it
     * @param message the field, the (shortened) value and what is wrong, for people
     */
    public record Reason(String field, String kind, String message) {

        /** {@code field + ": " + kind}, e.g. {@code "user_action: out of range"}: the key reports count by. */
        public String key() {
            return field + ": " + kind;
        }

        @Override
        public String toString() {
            return message;
        }
    }
}
