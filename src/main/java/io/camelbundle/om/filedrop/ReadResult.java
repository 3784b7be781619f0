package io.camelbundle.om.filedrop;

/**
 * One item of an event file, as {@link EventFileReader} yields them: a record to normalise, or a problem
 * confined to one record (the rest of the file is still read).
 */
public sealed interface ReadResult permits RawRecord, RecordError {

    /**
     * 1-based index of this item among the file's records and record errors, in file order; blank lines
     * are not counted. Stable for the same file content, so {@code (file hash, position)} is an
     * idempotency key.
     */
    long position();

    /** 1-based line where the record starts (a CSV record with quoted newlines spans several lines). */
    long line();
}
