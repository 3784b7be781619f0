package io.camelbundle.openapi;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelbundle.support.StrictJson;

/**
 * The OpenAPI V3 signing step (seed 001), usable alone in any route as {@code - process: {ref: openApiSign}}:
 * turns the body, the call's parameters (a Map, or a JSON object as text: openid, openkey, pf, userip and
 * the API's own), into the signed request for a Camel HTTP endpoint. It adds appid, and format and charset
 * unless given, from openapi.*; computes {@code sig}; and sets the query string of a GET
 * ({@code CamelHttpQuery}, no body) or the form body of a POST. The API path comes from the header
 * {@value #PATH} (signed as is), the method from {@code CamelHttpMethod} (GET when absent). The path header
 * is taken off the message, so it is not sent, and kept as the exchange property {@value #PATH} for
 * {@link OpenApiAnswer}, beside {@value #CHARSET}, the charset the call asked for. The call as it came in
 * (parameters, path, method) is kept in {@value #REQUEST}, so that a redelivery can sign it again
 * ({@link OpenApiRetry}).
 */
public class OpenApiSign implements Processor {

    /** Header in (the API path, e.g. /v3/user/get_info); exchange property after signing. */
    public static final String PATH = "OpenApiPath";
    /** Exchange property: the charset the call asked OpenAPI to answer in. */
    public static final String CHARSET = "OpenApiCharset";
    /** Exchange property: the call as it came in, for a redelivery. */
    public static final String REQUEST = "OpenApiRequest";
    /** Exchange property: which attempt of the call this is (1 unless {@link OpenApiRetry} redelivers it). */
    public static final String ATTEMPT = "OpenApiAttempt";
    /** Exchange property set by {@link OpenApiRetry} before a redelivery: the next signing is of the same call. */
    static final String REDELIVERY = "OpenApiRedelivery";
    /** Exchange property: when this attempt was signed (System.nanoTime), for the call's timing. */
    public static final String STARTED = "OpenApiStarted";
    /** Common parameters every call must carry (docs/openapi.md); checked before anything is sent. */
    public static final List<String> USER_PARAMS = List.of("openid", "openkey", "pf");

    /** The call as it came in: what {@link OpenApiRetry} puts back before a redelivery. */
    public record Request(Map<String, String> params, String path, String method) {
        /** Names only: the parameters hold the openkey. */
        @Override
        public String toString() {
            return "Request[" + method + " " + path + ", parameters " + params.keySet() + "]";
        }
    }

    private final OpenApiSigner signer;
    private final String appid;
    private final String format;
    private final String charset;

    public OpenApiSign(OpenApiSigner signer, String appid, String format, String charset) {
        this.signer = signer;
        this.appid = appid;
        this.format = format;
        this.charset = charset;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String path = message.getHeader(PATH, String.class);
        Object method = message.getHeader(Exchange.HTTP_METHOD);
        String verb = verb(method == null ? null : method.toString());
        Map<String, String> given = paramsOf(message.getBody());
        Map<String, String> params = complete(path, given);
        String wire = signer.signedWireParams(verb, path, params);
        message.removeHeader(PATH);
        // an inbound HTTP request's CamelHttp* headers would redirect the call (CamelHttpUri) or extend its path
        message.removeHeaders("CamelHttp*");
        exchange.setProperty(REQUEST, new Request(given, path, verb));
        exchange.setProperty(ATTEMPT, Boolean.TRUE.equals(exchange.removeProperty(REDELIVERY))
                ? exchange.getProperty(ATTEMPT, 1, Integer.class) + 1 : 1);
        exchange.setProperty(PATH, path);
        exchange.setProperty(CHARSET, params.get("charset"));
        exchange.setProperty(STARTED, System.nanoTime());
        // the enum Camel HTTP asks for: a String costs it a full type-converter search on every call
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(verb));
        if (verb.equals("GET")) {
            message.setHeader(Exchange.HTTP_QUERY, wire);
            message.removeHeader(Exchange.CONTENT_TYPE);
            message.setBody(null);
        } else {
            message.removeHeader(Exchange.HTTP_QUERY);
            message.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded; charset=UTF-8");
            message.setBody(wire);
        }
    }

    /** GET or POST, as OpenAPI V3 takes them; GET when none is given. */
    static String verb(String method) {
        String verb = method == null || method.isBlank() ? "GET" : method.trim().toUpperCase(Locale.ROOT);
        if (!verb.equals("GET") && !verb.equals("POST")) {
            throw new IllegalArgumentException("OpenAPI method must be GET or POST, was " + method);
        }
        return verb;
    }

    /**
     * The parameters as they are signed and sent: the caller's, without any {@code sig} of theirs, plus appid,
     * format and charset. Refuses (nothing is sent) a path that does not start with '/' and a missing or empty
     * openid, openkey or pf, naming it.
     */
    Map<String, String> complete(String apiPath, Map<String, String> params) {
        if (apiPath == null || !apiPath.startsWith("/")) {
            throw new IllegalArgumentException("OpenAPI path must start with '/', was " + apiPath);
        }
        String missing = missingUserParam(params);
        if (missing != null) {
            throw new IllegalArgumentException("OpenAPI call without the required parameter " + missing);
        }
        Map<String, String> all = new LinkedHashMap<>(params);
        all.remove(OpenApiSigner.SIG);
        all.put("appid", appid);
        all.putIfAbsent("format", format);
        all.putIfAbsent("charset", charset);
        return all;
    }

    /** The first of openid, openkey, pf that is absent or empty, or null when all are there. */
    public static String missingUserParam(Map<String, String> params) {
        for (String name : USER_PARAMS) {
            String value = params.get(name);
            if (value == null || value.isEmpty()) {
                return name;
            }
        }
        return null;
    }

    /** The Kamelet's body: a JSON object; values are sent as their text (nested values as JSON). */
    static Map<String, String> params(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = StrictJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("OpenAPI call body must be one JSON object of parameters, each"
                    + " named once");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("OpenAPI call body must be a JSON object of parameters");
        }
        Map<String, String> params = new LinkedHashMap<>();
        node.properties().forEach(e -> params.put(e.getKey(), e.getValue().isNull() ? ""
                : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return params;
    }

    private static Map<String, String> paramsOf(Object body) {
        if (body instanceof Map<?, ?> map) {
            Map<String, String> params = new LinkedHashMap<>();
            map.forEach((k, v) -> params.put(String.valueOf(k), v == null ? "" : v.toString()));
            return params;
        }
        return params(body == null ? null : body.toString());
    }
}
