package io.camelbundle.openapi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The OpenAPI V3 signing step (seed 001), usable alone in any route as {@code - process: {ref: openApiSign}}:
 * turns the body, the call's parameters (a Map, or a JSON object as text: openid, openkey, pf, userip and
 * the API's own), into the signed request for a Camel HTTP endpoint. It adds appid, and format and charset
 * unless given, from openapi.*; computes {@code sig}; and sets the query string of a GET
 * ({@code CamelHttpQuery}, no body) or the form body of a POST. The API path comes from the header
 * {@value #PATH} (signed as is), the method from {@code CamelHttpMethod} (GET when absent). The path header
 * is taken off the message, so it is not sent, and kept as the exchange property {@value #PATH} for
 * {@link OpenApiAnswer}, beside {@value #CHARSET}, the charset the call asked for.
 */
public class OpenApiSign implements Processor {

    /** Header in (the API path, e.g. /v3/user/get_info); exchange property after signing. */
    public static final String PATH = "OpenApiPath";
    /** Exchange property: the charset the call asked OpenAPI to answer in. */
    public static final String CHARSET = "OpenApiCharset";

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
        String verb = verb(message.getHeader(Exchange.HTTP_METHOD, String.class));
        Map<String, String> params = complete(path, paramsOf(message.getBody()));
        String wire = signer.signedWireParams(verb, path, params);
        message.removeHeader(PATH);
        exchange.setProperty(PATH, path);
        exchange.setProperty(CHARSET, params.get("charset"));
        message.setHeader(Exchange.HTTP_METHOD, verb);
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
        String missing = OpenApiClient.missingUserParam(params);
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

    private static Map<String, String> paramsOf(Object body) {
        if (body instanceof Map<?, ?> map) {
            Map<String, String> params = new LinkedHashMap<>();
            map.forEach((k, v) -> params.put(String.valueOf(k), v == null ? "" : v.toString()));
            return params;
        }
        return OpenApiClient.params(body == null ? null : body.toString());
    }
}
