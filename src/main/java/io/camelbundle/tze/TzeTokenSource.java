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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.Secrets;
import io.camelbundle.support.Sha256;
import io.camelbundle.support.VendorHttpClients;
import io.camelbundle.token.IssuedToken;
import io.camelbundle.token.TokenAcquisitionException;
import io.camelbundle.token.TokenSource;

/**
 * TZE's platform accessToken as credential {@value #CREDENTIAL} of the token central control. TZE does not
 * publish how the accessToken is obtained (vendor-notes §3), so two modes:
 * <ul>
 * <li>{@link Mode#STATIC} (default): the secret {@code tze.access-token}, reported valid for
 * {@code tze.token.static-lifetime} and then simply read again from the configuration;</li>
 * <li>{@link Mode#ENDPOINT}: a configurable token endpoint: URL, GET or POST, parameters, dotted JSON paths of
 * the token and of its expiry (seconds of lifetime or epoch milliseconds).</li>
 * </ul>
 */
public class TzeTokenSource implements TokenSource {

    public static final String CREDENTIAL = "tze";
    private static final int DESC_MAX = 120;

    public enum Mode {
        STATIC, ENDPOINT
    }

    /** Settings of the endpoint mode, see {@link TzeConfig.Token}. */
    public record Endpoint(String url, String method, Map<String, String> params, String tokenPath, String expiryPath,
            String expiryUnit, Duration defaultLifetime) {
    }

    private final Mode mode;
    private final Optional<String> staticToken;
    private final Duration staticLifetime;
    private final Endpoint endpoint;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public TzeTokenSource(Mode mode, Optional<String> staticToken, Duration staticLifetime, Endpoint endpoint,
            Duration connectTimeout, Duration timeout, Clock clock) {
        this.mode = mode;
        this.staticToken = staticToken.filter(t -> !t.isBlank());
        this.staticLifetime = staticLifetime;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.clock = clock;
        this.http = VendorHttpClients.create(connectTimeout);
        Secrets.configured(this.staticToken.map(List::of).orElse(List.of()));
        if (endpoint != null && endpoint.params() != null) {
            Secrets.configured(endpoint.params().entrySet().stream().filter(e -> Secrets.secretName(e.getKey()))
                    .map(Map.Entry::getValue).toList());
        }
    }

    /** Static mode without a token means TZE is not used here: the credential is then not registered. */
    @Override
    public boolean configured() {
        return mode == Mode.ENDPOINT || staticToken.isPresent();
    }

    public Mode mode() {
        return mode;
    }

    /** The configured static token (for spotting a changed secret at start-up), if any. */
    public Optional<String> staticToken() {
        return mode == Mode.STATIC ? staticToken : Optional.empty();
    }

    /** The mode and token endpoint URL (static tokens are compared at start-up by TzeBeans). */
    @Override
    public String fingerprint() {
        return Sha256.of(CREDENTIAL + "\n" + mode + "\n" + (mode == Mode.ENDPOINT && endpoint != null ? endpoint.url() : ""));
    }

    @Override
    public String credential() {
        return CREDENTIAL;
    }

    @Override
    public IssuedToken acquire() throws TokenAcquisitionException {
        if (mode == Mode.STATIC) {
            return new IssuedToken(staticToken.orElseThrow(
                    () -> new TokenAcquisitionException(TokenAcquisitionException.NOT_CONFIGURED,
                            "tze.access-token is not configured")), staticLifetime);
        }
        if (endpoint == null || endpoint.url() == null || endpoint.url().isBlank()) {
            throw new TokenAcquisitionException(TokenAcquisitionException.NOT_CONFIGURED,
                    "tze.token.url is not configured (tze.token.mode=endpoint)");
        }
        String form = endpoint.params().entrySet().stream().collect(() -> new TreeMap<String, String>(),
                (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll).entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        boolean post = "POST".equals(endpoint.method().toUpperCase(Locale.ROOT));
        String url = endpoint.url();
        if (!post && !form.isEmpty()) {
            url = url + (url.contains("?") ? "&" : "?") + form;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json");
        if (post) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        } else {
            request.GET();
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TokenAcquisitionException(TokenAcquisitionException.UNREACHABLE,
                    "TZE token endpoint did not answer within " + timeout);
        } catch (IOException e) {
            // the cause is not chained: its message may quote the URL with secret parameters
            throw new TokenAcquisitionException(TokenAcquisitionException.UNREACHABLE,
                    "TZE token endpoint unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenAcquisitionException(TokenAcquisitionException.INTERRUPTED,
                    "interrupted while calling the TZE token endpoint");
        }
        if (response.statusCode() != 200) {
            throw new TokenAcquisitionException(TokenAcquisitionException.httpStatus(response.statusCode()),
                    "TZE token endpoint answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    IssuedToken parse(String body) throws TokenAcquisitionException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER,
                    "TZE token endpoint answered malformed JSON");
        }
        JsonNode token = at(root, endpoint.tokenPath());
        if (token == null || !token.isValueNode() || token.asText().isBlank()) {
            JsonNode desc = root == null ? null : root.get("retDesc");
            throw new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER, "TZE token answer has no " + endpoint.tokenPath()
                    + (desc == null || !desc.isValueNode() ? "" : " (retDesc: " + shorten(desc.asText()) + ")"));
        }
        JsonNode expiry = at(root, endpoint.expiryPath());
        Duration lifetime = endpoint.defaultLifetime();
        if (expiry != null && !expiry.isNull()) {
            long value;
            try {
                value = Long.parseLong(expiry.asText().trim());
            } catch (NumberFormatException e) {
                throw new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER,
                        "TZE token answer's " + endpoint.expiryPath() + " is not a number");
            }
            lifetime = "epoch-ms".equalsIgnoreCase(endpoint.expiryUnit()) ? Duration.ofMillis(value - clock.millis())
                    : Duration.ofSeconds(value);
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new TokenAcquisitionException(TokenAcquisitionException.BAD_LIFETIME, "TZE token answer's " + endpoint.expiryPath()
                        + " gives no remaining lifetime (" + value + ", read as " + endpoint.expiryUnit() + ")");
            }
        }
        return new IssuedToken(token.asText(), lifetime);
    }

    /** {@code data.accessToken} -> the node at that path, or null. */
    static JsonNode at(JsonNode root, String dottedPath) {
        if (root == null || dottedPath == null || dottedPath.isBlank()) {
            return null;
        }
        JsonNode node = root;
        for (String part : dottedPath.trim().split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }

    private String shorten(String desc) {
        String safe = Secrets.mask(desc);
        return safe.length() > DESC_MAX ? safe.substring(0, DESC_MAX) + "..." : safe;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
