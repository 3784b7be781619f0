package io.camelbundle.filedrop;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at LF and decodes each line as strict UTF-8 on its own, so bytes that are
 * not UTF-8 become a problem of the line they are in, with its number, instead of either aborting the whole
 * file ({@code InputStreamReader} with {@link CodingErrorAction#REPORT}) or silently turning into U+FFFD
 * (its default). Lines have no length limit below {@code maxLineBytes}; a longer line is skipped without
 * being buffered and flagged {@link Line#tooLong()}. Also the line source of the TZE file drop.
 */
public final class Utf8LineSource implements Closeable {

    /**
     * Stands in for each malformed byte sequence in {@link Line#text()}. U+FFFF is a noncharacter, never
     * meant to appear in interchanged text, so finding it in a value points at a malformed line (the
     * caller still checks the line numbers it was told about). U+FFFD is not used: it is legitimate text.
     */
    public static final char MALFORMED = '\uFFFF';

    /**
     * One line.
     *
     * @param number        1-based line number (lines end at LF; a CR before the LF belongs to the terminator)
     * @param text          the decoded line without its terminator; {@code ""} when too long
     * @param terminator    {@code "\n"}, {@code "\r\n"}, or {@code ""} for a last line without one
     * @param badByteOffset 0-based byte offset of the first malformed UTF-8 sequence, or -1
     * @param tooLong       whether the line exceeded the byte limit and was skipped
     * @param bytes         the line's length in the stream, terminator included (also when too long)
     */
    public record Line(long number, String text, String terminator, int badByteOffset, boolean tooLong, long bytes) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPosition;
    private int bufferLimit;
    private byte[] line = new byte[1024];
    private long number;
    private boolean eof;

    public Utf8LineSource(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Number of the last line returned (0 before the first). */
    public long lineNumber() {
        return number;
    }

    /** The next line, or {@code null} at the end of the stream. */
    public Line next() throws IOException {
        if (eof) {
            return null;
        }
        int length = 0;
        long bytes = 0;
        boolean tooLong = false;
        boolean terminated = false;
        boolean sawBytes = false;
        while (!terminated) {
            if (bufferPosition == bufferLimit) {
                int read = in.read(buffer);
                if (read < 0) {
                    eof = true;
                    break;
                }
                bufferPosition = 0;
                bufferLimit = read;
                continue;
            }
            sawBytes = true;
            int start = bufferPosition;
            int end = start;
            while (end < bufferLimit && buffer[end] != '\n') {
                end++;
            }
            terminated = end < bufferLimit;
            bufferPosition = terminated ? end + 1 : end;
            int chunk = end - start;
            bytes += chunk + (terminated ? 1 : 0);
            if (tooLong) {
                continue;
            }
            if ((long) length + chunk > maxLineBytes) {
                tooLong = true;
                length = 0;
                continue;
            }
            ensureCapacity(length + chunk);
            System.arraycopy(buffer, start, line, length, chunk);
            length += chunk;
        }
        if (!sawBytes) {
            return null;
        }
        number++;
        String terminator = terminated ? "\n" : "";
        if (!tooLong && length > 0 && line[length - 1] == '\r' && terminated) {
            length--;
            terminator = "\r\n";
        }
        if (tooLong) {
            return new Line(number, "", terminator, -1, true, bytes);
        }
        return decode(length, terminator, bytes);
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, line.length * 2L)));
        }
    }

    private Line decode(int length, String terminator, long size) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        // UTF-8 never yields more chars than bytes, and each malformed sequence is at least one byte
        CharBuffer chars = CharBuffer.allocate(length);
        int firstBad = -1;
        decoder.reset();
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, true);
            if (result.isError()) {
                if (firstBad < 0) {
                    firstBad = bytes.position();
                }
                chars.put(MALFORMED);
                bytes.position(bytes.position() + result.length());
            } else if (result.isUnderflow()) {
                decoder.flush(chars);
                break;
            } else {
                throw new IllegalStateException("UTF-8 decoding overflowed its buffer");
            }
        }
        chars.flip();
        return new Line(number, chars.toString(), terminator, firstBad, false, size);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
