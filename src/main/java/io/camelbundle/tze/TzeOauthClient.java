package io.camelbundle.tze;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.VendorHttpClients;
import io.camelbundle.token.TokenUnavailableException;
import io.camelbundle.tze.TzeOauthException.Kind;

/**
 * Exchanges the one-time {@code oauthCode} from TZE's OAuth login redirect for the user's oauthToken, exactly
 * as seed 002: {@code POST <tze.api-url>/oauth/getOauthToken?accessToken=..} with the JSON body
 * {@code {"oauthCode":".."}}; success is {@code retCode "000000"} with {@code data.oauthToken} and
 * {@code data.expiry} (epoch milliseconds: a string in the field table, a number in the example, both
 * accepted). Unknown fields are ignored.
 *
 * <p>The platform accessToken is credential {@code tze} of the token central control ({@link TzeAccessToken}); a
 * retCode of {@code tze.token-invalid-codes} expires it (compare-and-expire) and the exchange is made once more.
 */
public class TzeOauthClient {

    static final String PATH = "/oauth/getOauthToken";
    private static final int DESC_MAX = 120;

    private final String apiUrl;
    private final TzeAccessToken accessToken;
    private final Set<String> tokenInvalidCodes;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param accessToken supplies the platform accessToken; null or blank means "not configured"
     * @param tokenInvalidCodes retCodes meaning "platform accessToken invalid" ({@code tze.token-invalid-codes})
     * @param timeout total time for one exchange
     */
    public TzeOauthClient(String apiUrl, TzeAccessToken accessToken, Set<String> tokenInvalidCodes,
            Duration connectTimeout, Duration timeout, Clock clock) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.accessToken = accessToken;
        this.tokenInvalidCodes = Set.copyOf(tokenInvalidCodes);
        this.timeout = timeout;
        this.clock = clock;
        this.http = VendorHttpClients.create(connectTimeout);
    }

    /**
     * Exchanges the code; a code is single-use, so a second exchange of the same code is refused by TZE. When
     * TZE refuses the platform accessToken ({@code tze.token-invalid-codes}) the token central control
     * compares-and-expires it and the exchange is made once more with a fresh token (the code was not used).
     */
    public TzeOauthToken exchange(String oauthCode) throws TzeOauthException {
        if (oauthCode == null || oauthCode.isBlank()) {
            throw new TzeOauthException(Kind.REFUSED, "no oauthCode to exchange");
        }
        Posted posted;
        try {
            posted = accessToken.withToken(platformToken -> post(platformToken, oauthCode),
                    p -> p.answer() != null && tokenInvalidCodes.contains(p.answer().retCode()));
        } catch (TokenUnavailableException e) {
            throw new TzeOauthException(Kind.NOT_CONFIGURED, "no TZE platform accessToken right now: " + e.reason());
        }
        if (posted.answer() != null && tokenInvalidCodes.contains(posted.answer().retCode())) {
            throw new TzeOauthException(Kind.ACCESS_TOKEN_REFUSED, "TZE refused the platform accessToken again after"
                    + " a refresh (retCode " + posted.answer().retCode() + ")", 0, posted.answer().retCode(), null);
        }
        return parse(posted.body(), posted.platformToken(), oauthCode);
    }

    /** TZE's answer body, read already when it is JSON (else null), and the platform accessToken used. */
    private record Posted(String platformToken, String body, TzeAnswer answer) {
    }

    private Posted post(String platformToken, String oauthCode) throws TzeOauthException {
        if (platformToken == null || platformToken.isBlank()) {
            throw new TzeOauthException(Kind.NOT_CONFIGURED, "tze.access-token is not configured");
        }
        URI uri = URI.create(apiUrl + PATH + "?accessToken=" + URLEncoder.encode(platformToken, StandardCharsets.UTF_8));
        String body = json.createObjectNode().put("oauthCode", oauthCode).toString();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TzeOauthException(Kind.TIMEOUT, "TZE oauth endpoint did not answer within " + timeout);
        } catch (IOException e) {
            // the cause's message is not chained: HTTP client messages may quote the URL with the accessToken
            throw new TzeOauthException(Kind.UNREACHABLE,
                    "TZE oauth endpoint unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TzeOauthException(Kind.UNREACHABLE, "interrupted while calling the TZE oauth endpoint");
        }
        if (response.statusCode() != 200) {
            throw new TzeOauthException(Kind.HTTP_STATUS, "TZE oauth endpoint answered HTTP " + response.statusCode(),
                    response.statusCode(), null, null);
        }
        TzeAnswer answer;
        try {
            answer = TzeAnswer.of(json.readTree(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            answer = null; // parse() reports it
        }
        return new Posted(platformToken, response.body(), answer);
    }

    TzeOauthToken parse(String body, String platformToken, String oauthCode) throws TzeOauthException {
        TzeAnswer answer;
        try {
            answer = TzeAnswer.of(json.readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            throw new TzeOauthException(Kind.MALFORMED, "TZE oauth endpoint answered malformed JSON");
        }
        if (!answer.success()) {
            String desc = mask(answer.retDesc(), platformToken, oauthCode);
            throw new TzeOauthException(Kind.REFUSED,
                    "TZE refused the oauthCode: retCode " + answer.retCode() + " (" + desc + ")", 0,
                    answer.retCode(), desc);
        }
        JsonNode data = answer.data();
        JsonNode token = data == null ? null : data.get("oauthToken");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            throw new TzeOauthException(Kind.MALFORMED, "TZE oauth answer has no data.oauthToken");
        }
        long expiry = expiry(data == null ? null : data.get("expiry"));
        if (expiry <= clock.millis()) {
            // most likely seconds instead of milliseconds: storing it would unbind the user at once
            throw new TzeOauthException(Kind.MALFORMED, "TZE oauth answer's data.expiry " + expiry
                    + " is not in the future (epoch milliseconds expected)");
        }
        return new TzeOauthToken(token.asText(), expiry);
    }

    private static long expiry(JsonNode node) throws TzeOauthException {
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node != null && node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new TzeOauthException(Kind.MALFORMED, "TZE oauth answer has no numeric data.expiry");
    }

    /** retDesc is TZE's text: masked in case it echoes what we sent, and kept short. */
    private static String mask(String desc, String... secrets) {
        String safe = desc;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                safe = safe.replace(secret, "****");
            }
        }
        return safe.length() > DESC_MAX ? safe.substring(0, DESC_MAX) + "..." : safe;
    }
}
