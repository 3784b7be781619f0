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

import io.camelbundle.support.JsonReplies;
import io.vertx.core.net.SocketAddress;

/**
 * The steps of the signing gateway ({@code GET|POST /openapi/v3/<group>/<api>} and
 * {@code POST /openapi/openkey/renew}, routes/openapi-gateway.camel.yaml), so internal servers call OpenAPI
 * V3 without holding the appkey. The API key is checked before the route by the HTTP layer's one key policy.
 * The caller sends {@code openid}, {@code openkey}, {@code pf} and the API's parameters in the query string,
 * a form body or a JSON object body; {@link #request} makes them the call's parameters: appid, format, charset
 * and sig of the caller are dropped (the signing step sets them; format is json, since the answer is passed
 * on unchanged), and {@code userip} is added when the caller sends none: the IP of a valid {@code QVia} from a
 * trusted proxy, else the X-Forwarded-For client address when the peer is a trusted proxy, else the peer
 * address ({@link QViaResolver}). {@code pf} and {@code openkey} are forwarded byte for byte and never stored
 * or logged.
 * <p>
 * Answers: every answer OpenAPI gives with a {@code ret} is returned unchanged (HTTP 200, its JSON text,
 * errors included), plus header {@code X-OpenApi-Ret-Class} (ok, login_gone, bad_signature, transient,
 * other). The bundle's own answers are JSON {@code {"error":..,"reason":..}}: 404 for a path that is not
 * {@code /v3/<group>/<api>}, 400 for a missing openid/openkey/pf (naming it) or an unreadable body, 413 above
 * {@code openapi.gateway.max-param-bytes} (all before anything is sent), 502 for an unusable upstream answer
 * (HTML, garbage, empty, cut off, HTTP errors, connection failures) and 504 when OpenAPI did not answer within
 * {@code openapi.timeout}, after the retries of safe-to-repeat APIs.
 */
@ApplicationScoped
@Named("openApiGateway")
public class OpenApiGateway {

    public static final String RET_CLASS_HEADER = "X-OpenApi-Ret-Class";
    private static final Logger LOG = Logger.getLogger(OpenApiGateway.class);
    /** Plain segments only: no dot segments, no encoded slashes, nothing that could leave /v3. */
    private static final Pattern API_PATH = Pattern.compile("/v3(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+");
    /** Set by the bundle, never taken from the caller. */
    private static final Set<String> OWN_PARAMS = Set.of(OpenApiSigner.SIG, "appid", "format", "charset");

    private final QViaResolver userIps;
    private final int maxParamBytes;

    @Inject
    OpenApiGateway(OpenApiConfig config, @Named("qviaResolver") QViaResolver userIps) {
        this(userIps, config.gateway().maxParamBytes());
    }

    public OpenApiGateway(QViaResolver userIps, int maxParamBytes) {
        this.userIps = userIps;
        this.maxParamBytes = maxParamBytes;
    }

    /**
     * The incoming request becomes the call: the body a map of its parameters, the header
     * {@value OpenApiSign#PATH} the API (checked), {@code CamelHttpMethod} its method; nothing else of the
     * caller's message is kept (its headers carry the API key).
     *
     * @throws OpenApiGatewayRefusal for a bad path, a body too large or unreadable, a missing user parameter
     */
    public void request(Exchange exchange) {
        Message in = exchange.getMessage();
        String apiPath = in.getHeader(OpenApiSign.PATH, String.class);
        if (!validApiPath(apiPath)) {
            throw new OpenApiGatewayRefusal(404, "unknown_api", "expected /openapi/v3/<group>/<api>");
        }
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class).toUpperCase(Locale.ROOT);
        String query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        // A form body may arrive already parsed into a map; anything else is read as text (once)
        Object body = !"POST".equals(method) ? null
                : in.getBody() instanceof Map<?, ?> form ? form : in.getBody(String.class);
        long size = (query == null ? 0 : query.getBytes(StandardCharsets.UTF_8).length) + sizeOf(body);
        if (size > maxParamBytes) {
            throw new OpenApiGatewayRefusal(413, "too_large",
                    "parameters exceed " + maxParamBytes + " bytes (openapi.gateway.max-param-bytes)");
        }
        Map<String, String> params;
        try {
            params = decodeForm(query);
            if (body != null) {
                String contentType = in.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
                params.putAll(contentType.contains("json") && body instanceof String text
                        ? OpenApiSign.params(text)
                        : formBody(body));
            }
        } catch (IllegalArgumentException e) {
            throw new OpenApiGatewayRefusal(400, "bad_request", e.getMessage());
        }
        OWN_PARAMS.forEach(params::remove);
        String missing = OpenApiSign.missingUserParam(params);
        if (missing != null) {
            throw new OpenApiGatewayRefusal(400, "missing_parameter", missing + " is required", missing);
        }
        params.put("format", "json"); // the answer is passed on unchanged, so it must be JSON
        if (params.getOrDefault("userip", "").isEmpty()) {
            userIps.userIp(peer(in), in.getHeader(QVia.HEADER, String.class),
                    in.getHeader("X-Forwarded-For", String.class)).ifPresent(ip -> params.put("userip", ip));
        }
        in.getHeaders().clear();
        in.setHeader(OpenApiSign.PATH, apiPath);
        in.setHeader(Exchange.HTTP_METHOD, method);
        in.setBody(params);
    }

    /** After the call: OpenAPI's answer (ret 0), unchanged, as the HTTP answer. */
    public void answer(Exchange exchange) {
        reply(exchange, exchange.getMessage().getBody(String.class), RetClass.OK);
    }

    /**
     * After the call failed (and was retried, if safe): an answer with a ret is passed on unchanged; no answer
     * in time is 504, an unusable one 502.
     */
    public void failure(Exchange exchange) {
        OpenApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, OpenApiException.class);
        LOG.debugf("%s: %s", e.apiPath(), e.getMessage()); // never the parameters
        if (e.answer() != null) {
            reply(exchange, e.answer(), e.retClass());
            return;
        }
        if (e.timedOut()) {
            JsonReplies.error(exchange, 504, "openapi_timeout", e.msg());
        } else {
            JsonReplies.error(exchange, 502, "openapi_bad_answer", e.msg());
        }
        exchange.getMessage().setHeader(RET_CLASS_HEADER, e.retClass().name().toLowerCase(Locale.ROOT));
    }

    /** A request refused before anything was sent: 400, 404 or 413. */
    public void refused(Exchange exchange) {
        OpenApiGatewayRefusal e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, OpenApiGatewayRefusal.class);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", e.error());
        if (e.parameter() != null) {
            error.put("parameter", e.parameter());
        }
        error.put("reason", e.getMessage());
        exchange.getMessage().getHeaders().clear();
        JsonReplies.reply(exchange, e.status(), error);
    }

    /** Anything else: 500, with neither stack trace nor message (it could quote a parameter). */
    public void internalError(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warnf("OpenAPI gateway failed: %s", e == null ? "unknown" : e.getClass().getName());
        exchange.getMessage().getHeaders().clear();
        JsonReplies.error(exchange, 500, "internal_error", "the gateway failed; see the bundle's log");
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

    /** True for an OpenAPI V3 path of plain segments, {@code /v3/<group>/<api>}. */
    static boolean validApiPath(String path) {
        return path != null && API_PATH.matcher(path).matches();
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
