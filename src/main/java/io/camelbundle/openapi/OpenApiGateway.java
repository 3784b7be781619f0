package io.camelbundle.openapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import io.camelbundle.support.ApiKeys;
import io.camelbundle.support.JsonReplies;
import io.camelbundle.token.TokenConfig;
import io.vertx.core.net.SocketAddress;

/**
 * {@code GET|POST /openapi/v3/...}: a signing gateway, so internal servers call OpenAPI V3 without holding
 * the appkey. The caller sends {@code openid}, {@code openkey}, {@code pf} and the API's parameters in the
 * query string, a form body or a JSON object body, and authenticates with an internal API key
 * ({@code tokens.api-keys}, {@code Authorization: Bearer <key>}). The bundle adds appid, format=json,
 * charset and sig (caller values for these are dropped) and {@code userip} when the caller sends none: the
 * IP of a valid {@code QVia} from a trusted proxy, else the X-Forwarded-For client address when the peer is a
 * trusted proxy, else the peer address ({@link QViaResolver}). {@code pf} and {@code openkey} are forwarded
 * byte for byte and never stored or logged.
 * <p>
 * Answers: every answer OpenAPI gives with a {@code ret} is returned unchanged (HTTP 200, its JSON text,
 * errors included), plus header {@code X-OpenApi-Ret-Class} (ok, login_gone, bad_signature, transient,
 * other). The bundle's own answers are JSON {@code {"error":..,"reason":..}}: 401 without a valid key, 404 for a
 * path that is not {@code /v3/<segments>}, 400 for a missing openid/openkey/pf (naming it) or an unreadable
 * body, 413 above {@code openapi.gateway.max-param-bytes} (both before anything is sent), 502 for an unusable
 * upstream answer (HTML, garbage, empty, cut off, HTTP errors, connection failures) and 504 when OpenAPI did
 * not answer within {@code openapi.timeout}, after the retries of safe-to-repeat APIs. Wired by
 * {@code routes/openapi-gateway.camel.yaml} and, for {@code /v3/user/is_login} (keeping an openkey alive),
 * {@code routes/openapi-openkey-renewal.camel.yaml}.
 */
@ApplicationScoped
@Named("openApiGateway")
public class OpenApiGateway {

    public static final String RET_CLASS_HEADER = "X-OpenApi-Ret-Class";
    /** The API that checks a login and extends the openkey by 2 hours. */
    public static final String IS_LOGIN = "/v3/user/is_login";
    private static final Logger LOG = Logger.getLogger(OpenApiGateway.class);
    private static final String PREFIX = "/openapi";
    /** Plain segments only: no dot segments, no encoded slashes, nothing that could leave /v3. */
    private static final Pattern API_PATH = Pattern.compile("/v3(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+");
    /** Set by the bundle, never taken from the caller. */
    private static final Set<String> OWN_PARAMS = Set.of(OpenApiSigner.SIG, "appid", "format", "charset");

    private final ApiKeys apiKeys;
    private final OpenApiClient client;
    private final QViaResolver userIps;
    private final int maxParamBytes;

    @Inject
    OpenApiGateway(TokenConfig tokens, OpenApiConfig config, @Named("openApiClient") OpenApiClient client,
            @Named("qviaResolver") QViaResolver userIps) {
        this(new ApiKeys(tokens.apiKeys()), client, userIps, config.gateway().maxParamBytes());
    }

    public OpenApiGateway(ApiKeys apiKeys, OpenApiClient client, QViaResolver userIps, int maxParamBytes) {
        this.apiKeys = apiKeys;
        this.client = client;
        this.userIps = userIps;
        this.maxParamBytes = maxParamBytes;
    }

    /** {@code GET|POST /openapi/v3/<api>}: the API is the request path after {@code /openapi}. */
    public void serve(Exchange exchange) {
        Message in = exchange.getMessage();
        String apiPath = apiPath(in.getHeader(Exchange.HTTP_PATH, String.class),
                in.getHeader(Exchange.HTTP_URI, String.class));
        forward(exchange, apiPath);
    }

    /**
     * {@code POST /openapi/openkey/renew}: {@code /v3/user/is_login} for the user in the request, which
     * checks the login and extends the openkey by 2 hours. Same parameters and answers as {@link #serve}.
     */
    public void renew(Exchange exchange) {
        forward(exchange, IS_LOGIN);
    }

    private void forward(Exchange exchange, String apiPath) {
        Message in = exchange.getMessage();
        if (!apiKeys.authorizes(in.getHeader("Authorization", String.class))) {
            JsonReplies.error(exchange, 401, "unauthorized", "a valid 'Authorization: Bearer <api key>' is required");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            return;
        }
        if (apiPath == null) {
            JsonReplies.error(exchange, 404, "unknown_api", "expected /openapi/v3/<api>");
            return;
        }
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class).toUpperCase(Locale.ROOT);
        String query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        // A form body may arrive already parsed into a map; anything else is read as text (once)
        Object body = !"POST".equals(method) ? null
                : in.getBody() instanceof Map<?, ?> form ? form : in.getBody(String.class);
        long size = (query == null ? 0 : query.getBytes(StandardCharsets.UTF_8).length) + sizeOf(body);
        if (size > maxParamBytes) {
            JsonReplies.error(exchange, 413, "too_large",
                    "parameters exceed " + maxParamBytes + " bytes (openapi.gateway.max-param-bytes)");
            return;
        }
        Map<String, String> params;
        try {
            params = decodeForm(query);
            if (body != null) {
                String contentType = in.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
                params.putAll(contentType.contains("json") && body instanceof String text
                        ? OpenApiClient.params(text)
                        : formBody(body));
            }
        } catch (IllegalArgumentException e) {
            JsonReplies.error(exchange, 400, "bad_request", e.getMessage());
            return;
        }
        OWN_PARAMS.forEach(params::remove);
        String missing = OpenApiClient.missingUserParam(params);
        if (missing != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "missing_parameter");
            error.put("parameter", missing);
            error.put("reason", missing + " is required");
            JsonReplies.reply(exchange, 400, error);
            return;
        }
        params.put("format", "json"); // the answer is passed on unchanged, so it must be JSON
        if (params.getOrDefault("userip", "").isEmpty()) {
            userIps.userIp(peer(in), in.getHeader(QVia.HEADER, String.class),
                    in.getHeader("X-Forwarded-For", String.class)).ifPresent(ip -> params.put("userip", ip));
        }
        try {
            OpenApiClient.Answer answer = client.send(apiPath, method, params);
            reply(exchange, answer.raw(), RetClass.OK);
        } catch (OpenApiException e) {
            LOG.debugf("%s %s: %s", method, apiPath, e.getMessage()); // never the parameters
            if (e.answer() != null) {
                reply(exchange, e.answer(), e.retClass());
            } else if (e.timedOut()) {
                JsonReplies.error(exchange, 504, "openapi_timeout", e.msg());
            } else {
                JsonReplies.error(exchange, 502, "openapi_bad_answer", e.msg());
            }
            if (e.answer() == null) {
                exchange.getMessage().setHeader(RET_CLASS_HEADER, e.retClass().name().toLowerCase(Locale.ROOT));
            }
        } catch (RuntimeException e) {
            // No stack trace to the caller, and no message: it could quote a parameter
            LOG.warnf("%s %s failed: %s", method, apiPath, e.getClass().getName());
            JsonReplies.error(exchange, 500, "internal_error", "the gateway failed; see the bundle's log");
        }
    }

    private static void reply(Exchange exchange, String json, RetClass retClass) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setHeader("Cache-Control", "no-store");
        message.setHeader(RET_CLASS_HEADER, retClass.name().toLowerCase(Locale.ROOT));
        message.setBody(json);
    }

    private static long sizeOf(Object body) {
        if (body == null) {
            return 0;
        }
        if (body instanceof Map<?, ?> map) {
            long n = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                n += String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8).length + 2
                        + String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8).length;
            }
            return n;
        }
        return body.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code /v3/...} from the request path, or null when it is not an OpenAPI V3 path. */
    static String apiPath(String httpPath, String httpUri) {
        String path = httpUri != null ? httpUri : httpPath;
        if (path == null) {
            return null;
        }
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.startsWith(PREFIX + "/")) {
            path = path.substring(PREFIX.length());
        }
        return API_PATH.matcher(path).matches() ? path : null;
    }

    /** Form-style decoding of a raw query or body: '+' is a space, the first of repeated keys wins. */
    static Map<String, String> decodeForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                out.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed percent-encoding in the request");
            }
        }
        return out;
    }

    /** platform-http hands a form body over either raw or already parsed into a map. */
    private static Map<String, String> formBody(Object body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(
                    v instanceof Iterable<?> it && it.iterator().hasNext() ? it.iterator().next() : v)));
            return out;
        }
        if (body instanceof byte[] bytes) {
            return decodeForm(new String(bytes, StandardCharsets.UTF_8));
        }
        return body == null ? out : decodeForm(body.toString());
    }

    private static String peer(Message in) {
        Object remote = in.getHeader("CamelVertxPlatformHttpRemoteAddress");
        if (remote instanceof SocketAddress address) {
            return address.hostAddress();
        }
        return null;
    }
}
