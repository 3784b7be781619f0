package io.camelbundle.om;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.camelbundle.support.Secrets;
import io.camelbundle.support.Sha256;

/**
 * The OM client-credentials token request of seed 000, for routes/om-token-fetch.camel.yaml: {@code POST
 * <om.auth-url>/omoauth2/accesstoken} with {@code grant_type=clientcredentials}, {@code client_id} and
 * {@code client_secret} in the query string. The route puts {@link #query()} in the {@code CamelHttpQuery}
 * header, so the secret is never part of an endpoint URI (which Camel registers and may log).
 */
public class OmTokenRequest {

    public static final String CREDENTIAL = "om";

    private final String authUrl;
    private final String clientId;
    private final String clientSecret;

    public OmTokenRequest(String authUrl, String clientId, String clientSecret) {
        this.authUrl = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        if (clientSecret != null) {
            Secrets.configured(List.of(clientSecret)); // whatever OM echoes of it is masked from here on
        }
    }

    /** The query string, UTF-8 percent-encoded. */
    public String query() {
        return "grant_type=clientcredentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret);
    }

    /** The auth URL and client id: a token fetched from the sandbox is never served for the real OM. */
    public String fingerprint() {
        return Sha256.of(CREDENTIAL + "\n" + authUrl + "\n" + clientId);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
