package io.camelbundle.om;

/**
 * A record that could not be read (bad JSON, not an object, wrong column count, bytes that are not UTF-8,
 * an unbalanced quote at the end of the file): it is reported and counted as rejected, the file goes on.
 *
 * @param position see {@link ReadResult#position()}
 * @param line     see {@link ReadResult#line()}
 * @param reason   what is wrong, for people; never contains more than a short excerpt of the data
 */
public record RecordError(long position, long line, String reason) implements ReadResult {
}
