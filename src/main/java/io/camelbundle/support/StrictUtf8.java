package io.camelbundle.support;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Bytes a producer sent (a JMS BytesMessage, a route's body) as UTF-8 text, refused where they are not UTF-8:
 * Camel's conversion replaces such bytes with U+FFFD, which would be sent on as if it were the producer's text.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The text, or the exception {@code notUtf8} makes of the offset of the first byte that is not UTF-8. */
    public static String decode(byte[] bytes, IntFunction<? extends RuntimeException> notUtf8) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw notUtf8.apply(in.position());
        }
        return out.flip().toString();
    }
}
