package io.camelbundle.om.filedrop;

/**
 * The file as a whole cannot be read as OM events: empty, binary, UTF-16, not gzip although named .gz, a
 * CSV file without a header row naming OM fields or with a repeated column, or (thrown while iterating)
 * compressed data that ends early or an I/O error. The caller moves the file aside with
 * {@link #getMessage()} as the reason. Unchecked, so it can leave {@link EventFileReader}'s iterator.
 */
public class UnreadableFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreadableFileException(String reason) {
        super(reason);
    }

    public UnreadableFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
