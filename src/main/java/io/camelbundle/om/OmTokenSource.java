package io.camelbundle.om;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.Secrets;
import io.camelbundle.support.Sha256;
import io.camelbundle.support.VendorHttpClients;
import io.camelbundle.token.IssuedToken;
import io.camelbundle.token.TokenAcquisitionException;
import io.camelbundle.token.TokenSource;

/**
 * OM client-credentials token, exactly as seed 000: {@code POST <auth-url>/omoauth2/accesstoken} with
 * {@code grant_type=clientcredentials}, {@code client_id} and {@code client_secret} in the query string.
 * Parsing is tolerant: {@code code} "0" or 0, unknown and misspelled fields (the document's
 * {@code refresh_toekn}) ignored, {@code expires_in} as number or numeric string, always honoured.
 */
public class OmTokenSource implements TokenSource {

    public static final String CREDENTIAL = "om";
    static final String PATH = "/omoauth2/accesstoken";

    private final String authUrl;
    private final String clientId;
    private final String clientSecret;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public OmTokenSource(String authUrl, String clientId, String clientSecret, Duration connectTimeout,
            Duration timeout) {
        this.authUrl = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.timeout = timeout;
        this.http = VendorHttpClients.create(connectTimeout);
        Secrets.configured(List.of(clientSecret));
    }

    @Override
    public String credential() {
        return CREDENTIAL;
    }

    /** The auth URL and client id: a token fetched from the sandbox is never served for the real OM. */
    @Override
    public String fingerprint() {
        return Sha256.of(CREDENTIAL + "\n" + authUrl + "\n" + clientId);
    }

    @Override
    public IssuedToken acquire() throws TokenAcquisitionException {
        URI uri = URI.create(authUrl + PATH + "?grant_type=clientcredentials&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TokenAcquisitionException(TokenAcquisitionException.UNREACHABLE,
                    "OM token endpoint did not answer within " + timeout, e);
        } catch (IOException e) {
            throw new TokenAcquisitionException(TokenAcquisitionException.UNREACHABLE, "OM token endpoint unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenAcquisitionException(TokenAcquisitionException.INTERRUPTED,
                    "interrupted while calling the OM token endpoint");
        }
        if (response.statusCode() != 200) {
            throw new TokenAcquisitionException(TokenAcquisitionException.httpStatus(response.statusCode()),
                    "OM token endpoint answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    IssuedToken parse(String body) throws TokenAcquisitionException {
        OmAnswer answer;
        try {
            answer = OmAnswer.of(json.readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            throw new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER,
                    "OM token endpoint answered malformed JSON");
        }
        if (!answer.success()) {
            // OM's msg is a short description ("invalid client"); it is shortened in case it echoes input
            throw new TokenAcquisitionException(TokenAcquisitionException.refused(answer.code()),
                    "OM token endpoint answered code " + answer.code() + " ("
                    + shorten(answer.msg()) + ")");
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

    private String shorten(String msg) {
        String safe = Secrets.mask(msg);
        return safe.length() > 120 ? safe.substring(0, 120) + "..." : safe;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
