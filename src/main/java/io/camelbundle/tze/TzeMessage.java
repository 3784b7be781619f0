package io.camelbundle.tze;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A TZE message body (seed 002), one of three kinds named on the wire by {@code msgtype}. The records hold
 * exactly the vendor's fields with the vendor's names; {@code null} means "absent". They are plain data:
 * {@link TzeMessageValidator} parses them from JSON, checks them and writes the wire JSON, so a message
 * built in Java goes through the same rules as one read from a file or an HTTP request.
 */
public sealed interface TzeMessage permits TzeMessage.TextMessage, TzeMessage.LinkMessage, TzeMessage.OaMessage {

    /** The wire value of {@code msgtype}: {@code text}, {@code link} or {@code oa}. */
    String msgtype();

    /** {@code {"msgtype":"text","text":{"content":..}}}: content is required. */
    record TextMessage(String content) implements TzeMessage {
        public static final String TYPE = "text";

        @Override
        public String msgtype() {
            return TYPE;
        }
    }

    /**
     * {@code {"msgtype":"link","link":{"pcUrl","appUrl","picUrl","title","busiId","content"}}}: everything but
     * {@code picUrl} is required (without a picture the client shows none, which the seed documents).
     */
    record LinkMessage(String pcUrl, String appUrl, String picUrl, String title, String busiId, String content)
            implements TzeMessage {
        public static final String TYPE = "link";

        @Override
        public String msgtype() {
            return TYPE;
        }
    }

    /**
     * {@code {"msgtype":"oa","busiId","pcUrl","appUrl","oa":{"head":{..},"body":{..}}}}: busiId, pcUrl, appUrl,
     * head and head.text are required; the body and each of its fields are optional.
     */
    record OaMessage(String busiId, String pcUrl, String appUrl, Head head, Body body) implements TzeMessage {
        public static final String TYPE = "oa";

        @Override
        public String msgtype() {
            return TYPE;
        }
    }

    /** {@code oa.head}: {@code text} (at most 255 characters) and {@code bgColor} (8 hex digits, alpha first). */
    record Head(String text, String bgColor) {
        /** The vendor's default when {@code bgColor} is absent: opaque red. */
        public static final String DEFAULT_BG_COLOR = "FFCC0000";

        /** The colour that goes on the wire: the given one, or the vendor's default. */
        public String effectiveBgColor() {
            return bgColor == null ? DEFAULT_BG_COLOR : bgColor;
        }
    }

    /** {@code oa.body}; {@code fileCount} is a string only shown by the client, never checked by TZE. */
    record Body(String title, String content, String imageUrl, String fileCount, String author, List<FormEntry> form) {
        public Body {
            // not List.copyOf: a null entry must reach the validator as a problem, not fail here
            form = form == null ? null : Collections.unmodifiableList(new ArrayList<>(form));
        }
    }

    /** One row of {@code oa.body.form}. */
    record FormEntry(String key, String value) {
    }
}
