package io.camelbundle.om;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.Secrets;
import io.camelbundle.token.IssuedToken;
import io.camelbundle.token.TokenAcquisitionException;

/**
 * Reads OM's token answer (an HTTP 200 body) for routes/om-token-fetch.camel.yaml. Tolerant as seed 000's
 * examples need: {@code code} "0" or 0, unknown and misspelled fields (the document's {@code refresh_toekn})
 * ignored, {@code expires_in} as number or numeric string, always honoured. Anything else is a
 * {@link TokenAcquisitionException} with a stable reason code; OM's message is masked and shortened, since an
 * error text may echo the request.
 */
public class OmTokenAnswer {

    private final ObjectMapper json = new ObjectMapper();

    public IssuedToken parse(String body) throws TokenAcquisitionException {
        OmAnswer answer;
        try {
            answer = OmAnswer.of(json.readTree(body == null ? "" : body));
        } catch (IOException | IllegalArgumentException e) {
            throw new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER,
                    "OM token endpoint answered malformed JSON");
        }
        if (!answer.success()) {
            throw new TokenAcquisitionException(TokenAcquisitionException.refused(answer.code()),
                    "OM token endpoint answered code " + answer.code() + " (" + shorten(answer.msg()) + ")");
        }
        JsonNode data = answer.data();
        String token = data == null ? null : text(data.get("access_token"));
        if (token == null || token.isBlank()) {
            throw new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER,
                    "OM token answer has no data.access_token");
        }
        long expiresIn;
        try {
            expiresIn = Long.parseLong(text(data.get("expires_in")).trim());
        } catch (RuntimeException e) {
            throw new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER,
                    "OM token answer has no numeric data.expires_in");
        }
        if (expiresIn <= 0) {
            throw new TokenAcquisitionException(TokenAcquisitionException.BAD_LIFETIME,
                    "OM token answer has a non-positive expires_in: " + expiresIn);
        }
        return new IssuedToken(token, Duration.ofSeconds(expiresIn));
    }

    private static String shorten(String msg) {
        String safe = Secrets.mask(msg);
        return safe.length() > 120 ? safe.substring(0, 120) + "..." : safe;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }
}
