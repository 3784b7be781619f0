package io.camelbundle.om;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;

import io.camelbundle.support.RouteFileContexts;
import io.camelbundle.support.http.CallLimits;
import io.camelbundle.token.RouteTokenSource;

/**
 * routes/om-token-fetch.camel.yaml, loaded from disk into a Camel context of its own with the beans it names,
 * and the credential om the central control builds on it: the OM token fetch as the bundle runs it, without
 * starting the bundle.
 */
public final class OmTokenRoute implements AutoCloseable {

    public static final Path FILE = Path.of("routes/om-token-fetch.camel.yaml");

    private final DefaultCamelContext camel;
    private final RouteTokenSource source;
    private final OmTokenRequest request;

    private OmTokenRoute(String authUrl, String clientId, String clientSecret, String tokenTimeout, long maxAnswerBytes)
            throws Exception {
        Map<String, String> config = Map.of("om.auth-url", authUrl, "om.connect-timeout", "PT5S",
                "om.token-timeout", tokenTimeout);
        camel = RouteFileContexts.create(config);
        request = new OmTokenRequest(authUrl, clientId, clientSecret);
        camel.getRegistry().bind("omTokenRequest", request);
        camel.getRegistry().bind("omTokenAnswer", new OmTokenAnswer());
        camel.getRegistry().bind("omHttp", new CallLimits("om", maxAnswerBytes));
        RouteFileContexts.load(camel, "file:" + FILE.toAbsolutePath());
        camel.start();
        source = new RouteTokenSource(OmTokenRequest.CREDENTIAL, "om", request.fingerprint(), true,
                RouteTokenSource.defaultFetchUri(OmTokenRequest.CREDENTIAL), camel);
    }

    public static OmTokenRoute start(String authUrl, String clientId, String clientSecret, String tokenTimeout)
            throws Exception {
        return new OmTokenRoute(authUrl, clientId, clientSecret, tokenTimeout, 1_048_576);
    }

    public static OmTokenRoute start(String authUrl, String clientId, String clientSecret, String tokenTimeout,
            long maxAnswerBytes) throws Exception {
        return new OmTokenRoute(authUrl, clientId, clientSecret, tokenTimeout, maxAnswerBytes);
    }

    /** The credential om as the central control sees it. */
    public RouteTokenSource source() {
        return source;
    }

    public OmTokenRequest request() {
        return request;
    }

    @Override
    public void close() {
        camel.stop();
    }
}
