package io.camelbundle.om.filedrop;

import java.io.IOException;
import java.util.List;

/** Reads items of one format. */
interface RecordSource {

    /** Reads what must be there before the first record (the CSV header). */
    void start() throws IOException;

    List<String> header();

    /** The next item, numbered {@code position}, or null at the end. */
    ReadResult read(long position);
}
