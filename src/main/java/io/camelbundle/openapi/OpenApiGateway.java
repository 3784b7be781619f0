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

import com.fasterxml.jackson.databind.JsonNode;

import io.camelbundle.support.ApiKeys;
import io.camelbundle.support.JsonReplies;
import io.camelbundle.token.TokenConfig;
import io.vertx.core.net.SocketAddress;

/**
 * {@code GET|POST /openapi/v3/...}: a signing gateway, so internal servers call OpenAPI V3 without holding
 * the appkey. The caller sends the API's parameters exactly as it would to OpenAPI (query string for GET,
 * form body for POST) and authenticates with an internal API key ({@code tokens.api-keys},
 * {@code Authorization: Bearer <key>}). The bundle adds appid, format, charset and sig (caller values for
 * these are dropped) and, when the caller sends no {@code userip}, resolves it from a forwarded
 * {@code QVia} / {@code X-Forwarded-For} believed only from {@code openapi.trusted-proxies}; without either it
 * sends none (userip is optional, and the peer is an internal server, not the user).
 * <p>
 * Answers: like OpenAPI itself, HTTP 200 with the answer as JSON (UTF-8) for every answer that has a
 * {@code ret}, including errors ({@code {"ret":1002,"msg":..}}), plus header {@code X-OpenApi-Ret-Class}
 * (ok, login_gone, bad_signature, transient, other). No answer (timeout, network, HTTP 5xx, garbage, after
 * the retries of safe-to-repeat APIs) is HTTP 504 with a JSON error. Wired by
 * {@code routes/openapi-gateway.camel.yaml}.
 */
@ApplicationScoped
@Named("openApiGateway")
public class OpenApiGateway {

    public static final String RET_CLASS_HEADER = "X-OpenApi-Ret-Class";
    private static final Logger LOG = Logger.getLogger(OpenApiGateway.class);
    private static final String PREFIX = "/openapi";
    /** Plain segments only: no dot segments, no encoded slashes, nothing that could leave /v3. */
    private static final Pattern API_PATH = Pattern.compile("/v3(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+");
    /** Set by the bundle, never taken from the caller. */
    private static final Set<String> OWN_PARAMS = Set.of(OpenApiSigner.SIG, "appid", "format", "charset");

    private final ApiKeys apiKeys;
    private final OpenApiClient client;
    private final QViaResolver userIps;

    @Inject
    OpenApiGateway(TokenConfig tokens, @Named("openApiClient") OpenApiClient client,
            @Named("qviaResolver") QViaResolver userIps) {
        this(new ApiKeys(tokens.apiKeys()), client, userIps);
    }

    public OpenApiGateway(ApiKeys apiKeys, OpenApiClient client, QViaResolver userIps) {
        this.apiKeys = apiKeys;
        this.client = client;
        this.userIps = userIps;
    }

    public void serve(Exchange exchange) {
        Message in = exchange.getMessage();
        if (!apiKeys.authorizes(in.getHeader("Authorization", String.class))) {
            JsonReplies.error(exchange, 401, "unauthorized", "a valid 'Authorization: Bearer <api key>' is required");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            return;
        }
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String apiPath = apiPath(in.getHeader(Exchange.HTTP_PATH, String.class),
                in.getHeader(Exchange.HTTP_URI, String.class));
        if (apiPath == null) {
            JsonReplies.error(exchange, 404, "unknown_api", "expected /openapi/v3/<api>");
            return;
        }
        Map<String, String> params;
        try {
            params = decodeForm(in.getHeader(Exchange.HTTP_QUERY, String.class));
            if ("POST".equalsIgnoreCase(method)) {
                params.putAll(formBody(in.getBody()));
            }
        } catch (IllegalArgumentException e) {
            JsonReplies.error(exchange, 400, "bad_request", e.getMessage());
            return;
        }
        OWN_PARAMS.forEach(params::remove);
        if (params.getOrDefault("userip", "").isEmpty()) {
            // Only an address a trusted proxy vouches for: the bare peer is an internal server, not the user
            userIps.resolve(peer(in), in.getHeader(QVia.HEADER, String.class), in.getHeader("X-Forwarded-For",
                    String.class)).filter(r -> r.source() != QViaResolver.Source.PEER)
                    .ifPresent(r -> params.put("userip", r.ip()));
        }
        try {
            JsonNode answer = client.call(apiPath, method, params);
            reply(exchange, 200, answer.toString(), RetClass.OK);
        } catch (OpenApiException e) {
            LOG.debugf("%s %s: %s", method, apiPath, e.getMessage());
            if (e.ret() == null) {
                JsonReplies.error(exchange, 504, "openapi_unavailable", e.msg());
                exchange.getMessage().setHeader(RET_CLASS_HEADER, "transient");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ret", e.ret());
            body.put("msg", e.msg());
            JsonReplies.reply(exchange, 200, body);
            exchange.getMessage().setHeader(RET_CLASS_HEADER, e.retClass().name().toLowerCase(Locale.ROOT));
        }
    }

    private static void reply(Exchange exchange, int status, String json, RetClass retClass) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setHeader("Cache-Control", "no-store");
        message.setHeader(RET_CLASS_HEADER, retClass.name().toLowerCase(Locale.ROOT));
        message.setBody(json);
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
