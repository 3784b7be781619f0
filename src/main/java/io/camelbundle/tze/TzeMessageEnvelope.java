package io.camelbundle.tze;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a message reaches one user: besides the platform {@code accessToken} (always a query parameter, as for
 * every documented TZE call) the request must name the user's {@code personId} and {@code oauthToken}. TZE
 * does not publish how (docs/tze.md, what TZE does not publish), so both plausible ways are supported and chosen by
 * {@code tze.message-auth}; the sandbox accepts either. The names are the ones TZE uses elsewhere.
 */
public final class TzeMessageEnvelope {

    public static final String ACCESS_TOKEN = "accessToken";
    public static final String PERSON_ID = "personId";
    public static final String OAUTH_TOKEN = "oauthToken";

    public enum Mode {
        /** {@code ?accessToken=..&personId=..&oauthToken=..}; the body is exactly the message. */
        QUERY,
        /** {@code ?accessToken=..}; {@code personId} and {@code oauthToken} are top-level body fields. */
        BODY
    }

    private TzeMessageEnvelope() {
    }

    /**
     * The query string of that URL (what a Camel HTTP endpoint of {@code messageUrl} takes as
     * {@code CamelHttpQuery}): the configured URL's own query, then {@code accessToken}, and in
     * {@link Mode#QUERY} the user's fields.
     */
    public static String query(String messageUrl, Mode mode, String accessToken, String personId, String oauthToken) {
        String own = URI.create(messageUrl).getRawQuery();
        StringBuilder query = new StringBuilder(own == null || own.isEmpty() ? "" : own + "&")
                .append(ACCESS_TOKEN).append('=').append(encode(accessToken));
        if (mode == Mode.QUERY) {
            query.append('&').append(PERSON_ID).append('=').append(encode(personId))
                    .append('&').append(OAUTH_TOKEN).append('=').append(encode(oauthToken));
        }
        return query.toString();
    }

    /** The body to POST: the wire message, plus the user's fields in {@link Mode#BODY}. The input is not changed. */
    public static ObjectNode body(Mode mode, ObjectNode wireMessage, String personId, String oauthToken) {
        ObjectNode body = wireMessage.deepCopy();
        if (mode == Mode.BODY) {
            body.put(PERSON_ID, personId);
            body.put(OAUTH_TOKEN, oauthToken);
        }
        return body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
