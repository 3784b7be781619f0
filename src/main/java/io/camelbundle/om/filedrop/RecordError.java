package io.camelbundle.om.filedrop;

/**
 * A record that could not be read (bad JSON, not an object, wrong column count, bytes that are not UTF-8,
 * a CSV syntax error such as an unbalanced quote, a line or record over the size limit): it is reported and
 * counted as rejected, the file goes on.
 *
 * @param position see {@link ReadResult#position()}
 * @param line     see {@link ReadResult#line()}
 * @param kind     what is wrong without specifics, one of the constants here; reports group by {@link #key()}
 * @param reason   what is wrong, for people; never contains more than a short excerpt of the data
 */
public record RecordError(long position, long line, String kind, String reason) implements ReadResult {

    public static final String INVALID_JSON = "not valid JSON";
    public static final String NOT_AN_OBJECT = "not a JSON object";
    public static final String TRAILING_CONTENT = "more than one JSON value";
    public static final String NOT_UTF8 = "not valid UTF-8";
    public static final String COLUMN_COUNT = "wrong number of columns";
    public static final String CSV_SYNTAX = "CSV syntax error";
    public static final String LINE_TOO_LONG = "line too long";
    /** A CSV record whose quoted value runs over several lines beyond the limit. */
    public static final String RECORD_TOO_LONG = "record too long";
    /** A record the bundle failed on before it could be sent: a defect, named in the log. */
    public static final String INTERNAL_ERROR = "internal error";

    /** {@code "record: " + kind}, e.g. {@code "record: not valid JSON"}: the key reports count by. */
    public String key() {
        return "record: " + kind;
    }
}
