package io.camelbundle.openapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.camel.Exchange;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.support.VendorHttpClients;

/**
 * Calls OpenAPI V3: adds appid, format and charset, signs ({@link OpenApiSigner}), sends GET (query string)
 * or POST (form body) with the JDK HttpClient, decodes the answer in the charset it declares (else the one
 * asked for; OpenAPI's default is GBK), parses JSON or XML, and turns {@code ret != 0} into the exception of
 * its {@link RetClass}. Transient failures (transient rets, timeouts, connection errors, HTTP 5xx, cut-off
 * answers) are retried with backoff only for APIs listed in {@code openapi.safe-to-repeat}. Request
 * parameters (openkey!) and URLs never appear in exceptions or logs.
 */
public class OpenApiClient {

    /** Header the Kamelet sets with the answer's ret. */
    public static final String RET_HEADER = "ret";

    /** Pauses between attempts; replaceable so tests do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * Told about every finished call (after retries): outcome is a {@link RetClass} name, no_answer or error
     * (the call was refused before sending).
     */
    @FunctionalInterface
    public interface CallListener {
        void finished(String apiPath, String outcome, Duration took);
    }

    /** Common parameters every call must carry (vendor notes §2); checked before anything is sent. */
    public static final List<String> USER_PARAMS = List.of("openid", "openkey", "pf");

    /**
     * One answer with {@code ret} 0: parsed, and as received ({@code raw}: the decoded JSON text, or for an
     * XML answer its JSON rendering).
     */
    public record Answer(JsonNode json, String raw) {
    }

    private static final Charset GBK = Charset.forName("GBK");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final OpenApiSigner signer;
    /** The same parameter rules as the signing step of routes. */
    private final OpenApiSign request;
    private final Duration timeout;
    private final Set<String> safeToRepeat;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration rateLimitedBackoff;
    private final Sleeper sleeper;
    private final HttpClient http;
    private volatile CallListener listener = (api, outcome, took) -> {
    };

    public OpenApiClient(OpenApiConfig config, OpenApiSigner signer) {
        this(config.baseUrl(), config.appid().orElse(null), signer, config.format(), config.charset(), config.timeout(),
                config.connectTimeout(), Set.copyOf(config.safeToRepeat()), config.retry().maxAttempts(),
                config.retry().initialBackoff(), config.retry().rateLimitedBackoff(), d -> Thread.sleep(d.toMillis()));
    }

    public OpenApiClient(String baseUrl, String appid, OpenApiSigner signer, String format, String charset,
            Duration timeout, Duration connectTimeout, Set<String> safeToRepeat, int maxAttempts,
            Duration initialBackoff, Duration rateLimitedBackoff, Sleeper sleeper) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.signer = signer;
        this.request = new OpenApiSign(signer, appid, format, charset);
        this.timeout = timeout;
        this.safeToRepeat = safeToRepeat;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoff = initialBackoff;
        this.rateLimitedBackoff = rateLimitedBackoff;
        this.sleeper = sleeper;
        this.http = VendorHttpClients.create(connectTimeout);
    }

    /**
     * Camel entry point (the Kamelet calls {@code callFromRoute(*, apiPath, method)}; named apart from
     * {@link #call(String, String, Map)} so Camel's bean binding is never ambiguous): the body is a JSON object of
     * request parameters (openid, openkey, pf, userip and the API's own); the answer becomes the body as a
     * JSON string, its ret the {@value #RET_HEADER} header.
     */
    public void callFromRoute(Exchange exchange, String apiPath, String method) {
        Map<String, String> params = params(exchange.getMessage().getBody(String.class));
        JsonNode answer = call(apiPath, method, params);
        exchange.getMessage().setHeader(RET_HEADER, answer.path("ret").asInt());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(answer.toString());
    }

    /** Replaces the call listener (metrics); set once while wiring, before the client is used. */
    public OpenApiClient listener(CallListener listener) {
        this.listener = listener;
        return this;
    }

    /** One call, retried when transient and safe to repeat. Returns the answer (ret 0) as JSON. */
    public JsonNode call(String apiPath, String method, Map<String, String> params) {
        return send(apiPath, method, params).json();
    }

    /**
     * Like {@link #call}, also keeping the answer's text as received. A failed answer's text is in
     * {@link OpenApiException#answer()}.
     *
     * @throws IllegalArgumentException for a bad method or path, or a missing openid, openkey or pf (nothing
     *                                  is sent then)
     */
    public Answer send(String apiPath, String method, Map<String, String> params) {
        long start = System.nanoTime();
        String outcome = "error"; // anything but an answer or an OpenApiException, e.g. a bad method
        try {
            Answer answer = attempts(apiPath, method, params);
            outcome = RetClass.OK.name();
            return answer;
        } catch (OpenApiException e) {
            outcome = e.ret() == null ? "no_answer" : e.retClass().name();
            throw e;
        } finally {
            if (apiPath != null) {
                listener.finished(apiPath, outcome.toLowerCase(Locale.ROOT), Duration.ofNanos(System.nanoTime() - start));
            }
        }
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

    /*
     * Why a retry loop here rather than Camel redelivery (onException in a routeConfiguration, as
     * om-delivery.camel.yaml does for OM): the same policy must hold for the two callers, the Kamelet and
     * the gateway bean, and the gateway turns the final failure into its HTTP answer (502/504 or OpenAPI's
     * own error JSON) inside the bean, so a Camel error handler would only ever see it already handled. The
     * policy also depends on the call, not on the exception type alone: only APIs in openapi.safe-to-repeat
     * are repeated, -6 (rate limited) waits at least openapi.retry.rate-limited-backoff, and the metric is
     * recorded once per call after the retries. Routes that want more (e.g. a longer redelivery of a whole
     * step) can still add onException on OpenApiTransientException around the Kamelet.
     */
    private Answer attempts(String apiPath, String method, Map<String, String> params) {
        String verb = OpenApiSign.verb(method);
        Map<String, String> all = request.complete(apiPath, params);
        int attempts = safeToRepeat.contains(apiPath) ? maxAttempts : 1;
        Duration backoff = initialBackoff;
        for (int attempt = 1;; attempt++) {
            try {
                return once(apiPath, verb, all);
            } catch (OpenApiTransientException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                Duration pause = jitter(backoff);
                if (e.rateLimited() && pause.compareTo(rateLimitedBackoff) < 0) {
                    pause = rateLimitedBackoff;
                }
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private Answer once(String apiPath, String verb, Map<String, String> params) {
        String wire = signer.signedWireParams(verb, apiPath, params);
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(timeout);
        if (verb.equals("GET")) {
            request.uri(URI.create(baseUrl + apiPath + "?" + wire)).GET();
        } else {
            request.uri(URI.create(baseUrl + apiPath))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(wire, StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new OpenApiTransientException(apiPath, "no answer within " + timeout, true);
        } catch (IOException e) {
            // The cause's message is not used: it may quote the URL, whose query carries the openkey
            throw new OpenApiTransientException(apiPath, "connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenApiTransientException(apiPath, "interrupted");
        }
        return answerOf(apiPath, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), params.get("charset"));
    }

    /**
     * What an HTTP answer of OpenAPI means, for this client and for routes that call OpenAPI with Camel HTTP
     * ({@link OpenApiAnswer}): HTTP 5xx and 429 are transient, another status other than 200 a call failure;
     * the text is decoded in the charset the answer declares, else the one asked for; JSON or XML; a
     * non-zero {@code ret} becomes the exception of its {@link RetClass}.
     */
    static Answer answerOf(String apiPath, int status, String contentType, byte[] body, String requestedCharset) {
        if (status >= 500 || status == 429) {
            throw new OpenApiTransientException(apiPath, "HTTP " + status);
        }
        if (status != 200) {
            throw new OpenApiCallException(apiPath, "HTTP " + status);
        }
        String text = new String(body, charsetOf(contentType, requestedCharset));
        JsonNode answer = parse(apiPath, contentType, text);
        JsonNode ret = answer.get("ret");
        int code;
        try {
            code = Integer.parseInt(ret == null || !ret.isValueNode() ? "" : ret.asText().trim());
        } catch (NumberFormatException e) {
            throw new OpenApiCallException(apiPath, "answer has no numeric ret");
        }
        boolean json = !isXml(contentType, text);
        if (code != 0) {
            throw RetClass.exceptionFor(apiPath, code, answer.path("msg").asText(""))
                    .withAnswer(json ? text.strip() : answer.toString());
        }
        if (!ret.isNumber()) {
            ((ObjectNode) answer).put("ret", 0); // XML answers carry text: the caller always sees a number
        }
        return new Answer(answer, json ? text.strip() : answer.toString());
    }

    /** The charset the answer declares, else the one that was asked for (anything but utf-8 means GBK). */
    static Charset charsetOf(String contentType, String requested) {
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").trim());
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    break;
                }
            }
        }
        return "utf-8".equalsIgnoreCase(requested) ? StandardCharsets.UTF_8 : GBK;
    }

    static JsonNode parse(String apiPath, String contentType, String text) {
        String body = text.strip();
        try {
            if (isXml(contentType, body)) {
                return xml(body);
            }
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (Exception e) {
            // A cut-off or garbled answer is a gateway hiccup: retried like other transient failures
            throw new OpenApiTransientException(apiPath, "malformed answer");
        }
    }

    private static boolean isXml(String contentType, String text) {
        return text.strip().startsWith("<") || contentType.toLowerCase(Locale.ROOT).contains("xml");
    }

    /**
     * OpenAPI's XML ({@code <data><ret>0</ret>...<items><item>..</item></items></data>}) as JSON: leaves as
     * text, an element whose children are all {@code item} as an array, repeated names as arrays.
     */
    static ObjectNode xml(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // no XXE
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        DocumentBuilder builder = f.newDocumentBuilder();
        // Silent: the default handler prints "[Fatal Error]" to stderr; the exception is enough
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        // Decoded already: parse characters, ignoring the encoding named in the declaration
        String noDecl = body.startsWith("<?xml") ? body.substring(body.indexOf("?>") + 2) : body;
        Document doc = builder.parse(new ByteArrayInputStream(noDecl.getBytes(StandardCharsets.UTF_8)));
        JsonNode root = toJson(doc.getDocumentElement());
        if (!root.isObject()) {
            throw new IOException("XML answer is not a record");
        }
        return (ObjectNode) root;
    }

    private static JsonNode toJson(Element element) {
        List<Element> children = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        if (children.isEmpty()) {
            return JSON.getNodeFactory().textNode(element.getTextContent());
        }
        if (children.stream().allMatch(c -> c.getTagName().equals("item"))) {
            ArrayNode array = JSON.createArrayNode();
            children.forEach(c -> array.add(toJson(c)));
            return array;
        }
        ObjectNode object = JSON.createObjectNode();
        for (Element c : children) {
            String name = c.getTagName();
            JsonNode existing = object.get(name);
            if (existing == null) {
                boolean repeated = children.stream().filter(x -> x.getTagName().equals(name)).count() > 1;
                object.set(name, repeated ? JSON.createArrayNode().add(toJson(c)) : toJson(c));
            } else {
                ((ArrayNode) existing).add(toJson(c));
            }
        }
        return object;
    }

    /** The Kamelet's body: a JSON object; values are sent as their text (nested values as JSON). */
    static Map<String, String> params(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("OpenAPI call body must be a JSON object of parameters");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("OpenAPI call body must be a JSON object of parameters");
        }
        Map<String, String> params = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isNull() ? ""
                : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return params;
    }

    private static Duration jitter(Duration d) {
        double factor = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }

    @Override
    public String toString() {
        return "OpenApiClient[" + baseUrl + "]";
    }
}
