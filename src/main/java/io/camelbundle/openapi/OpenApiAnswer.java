package io.camelbundle.openapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.support.Secrets;
import io.camelbundle.support.http.CallFailure;

/**
 * The answer step after a Camel HTTP call to OpenAPI signed by {@link OpenApiSign} (the endpoint with
 * {@code throwExceptionOnFailure=false}): decodes the answer in the charset it declares (else the one asked
 * for; OpenAPI's default is GBK), reads JSON or XML (no DTDs), and either leaves the answer as the body, a
 * UTF-8 JSON string with the header {@value #RET_HEADER} 0, or fails with the {@link OpenApiException} of its
 * {@code ret} ({@link RetClass}): login gone, bad signature, transient (also HTTP 5xx, 429 and a garbled
 * answer) or a call failure. {@link #unreachable} is the step for a call that got no answer. Each attempt
 * is timed ({@link OpenApiMetrics}). Messages never quote the request.
 */
public class OpenApiAnswer {

    /** Header set with the answer's ret (0: failures are exceptions). */
    public static final String RET_HEADER = "ret";

    /** One answer with {@code ret} 0: parsed, and as received (the decoded JSON text, or XML rendered as JSON). */
    public record Answer(JsonNode json, String raw) {
    }

    private static final Charset GBK = Charset.forName("GBK");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenApiMetrics metrics;

    public OpenApiAnswer(OpenApiMetrics metrics) {
        this.metrics = metrics;
    }

    /** Bean method for the route step after the HTTP call. */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        String apiPath = exchange.getProperty(OpenApiSign.PATH, String.class);
        byte[] body = message.getBody(byte[].class);
        Answer answer;
        try {
            OpenApiSign.Request request = exchange.getProperty(OpenApiSign.REQUEST, OpenApiSign.Request.class);
            answer = answerOf(apiPath, message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                    message.getHeader(Exchange.CONTENT_TYPE, "", String.class), body == null ? new byte[0] : body,
                    exchange.getProperty(OpenApiSign.CHARSET, String.class),
                    request == null ? null : request.params().get("openkey"));
        } catch (OpenApiException e) {
            timed(exchange, e.ret() == null ? "no_answer" : e.retClass().name());
            throw e;
        }
        timed(exchange, RetClass.OK.name());
        message.setHeader(RET_HEADER, 0);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(answer.raw());
    }

    /**
     * Bean method for the {@code doCatch} of an {@link IOException} around the HTTP call: no answer at all is a
     * transient failure, timed out when the endpoint's {@code responseTimeout} ran out. The cause's message is
     * not used: it may quote the URL, whose query carries the openkey.
     */
    public void unreachable(Exchange exchange) {
        String apiPath = exchange.getProperty(OpenApiSign.PATH, String.class);
        timed(exchange, "no_answer");
        // the body is still the signed form of a POST (openkey, sig): the failed call's route gets its parameters
        OpenApiSign.Request request = exchange.getProperty(OpenApiSign.REQUEST, OpenApiSign.Request.class);
        if (request != null) {
            exchange.getMessage().setBody(new LinkedHashMap<>(request.params()));
        }
        CallFailure failure = CallFailure.of(exchange);
        if (failure.timeout() != null) {
            throw new OpenApiTransientException(apiPath, "no answer within " + failure.timeout().limitMillis() + " ms",
                    true);
        }
        if (failure.tooLarge() != null) {
            throw new OpenApiCallException(apiPath, failure.tooLarge().getMessage());
        }
        throw new OpenApiTransientException(apiPath, "connection failed (" + failure.what() + ")");
    }

    private void timed(Exchange exchange, String outcome) {
        Long started = exchange.getProperty(OpenApiSign.STARTED, Long.class);
        String apiPath = exchange.getProperty(OpenApiSign.PATH, String.class);
        if (started != null && apiPath != null) {
            metrics.record(apiPath, outcome.toLowerCase(Locale.ROOT), Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * What an HTTP answer of OpenAPI means: HTTP 5xx and 429 are transient, another status other than 200 a call failure;
     * the text is decoded in the charset the answer declares, else the one asked for; JSON or XML; a
     * non-zero {@code ret} becomes the exception of its {@link RetClass}.
     */
    static Answer answerOf(String apiPath, int status, String contentType, byte[] body, String requestedCharset,
            String openkey) {
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
            // the message goes to logs and error replies: never the caller's openkey, should OpenAPI quote it
            throw RetClass.exceptionFor(apiPath, code, Secrets.mask(answer.path("msg").asText(""), openkey))
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
        JsonNode root = toJson(doc.getDocumentElement(), 1);
        if (!root.isObject()) {
            throw new IOException("XML answer is not a record");
        }
        return (ObjectNode) root;
    }

    /**
     * Deeper than any answer OpenAPI documents (a few levels); a hostile answer of nested elements would
     * otherwise overflow the stack here, an Error no caller expects.
     */
    static final int MAX_XML_DEPTH = 32;

    private static JsonNode toJson(Element element, int depth) throws IOException {
        if (depth > MAX_XML_DEPTH) {
            throw new IOException("XML answer nested deeper than " + MAX_XML_DEPTH + " elements");
        }
        List<Element> children = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
                counts.merge(e.getTagName(), 1, Integer::sum);
            }
        }
        if (children.isEmpty()) {
            return JSON.getNodeFactory().textNode(element.getTextContent());
        }
        if (counts.size() == 1 && counts.containsKey("item")) {
            ArrayNode array = JSON.createArrayNode();
            for (Element c : children) {
                array.add(toJson(c, depth + 1));
            }
            return array;
        }
        ObjectNode object = JSON.createObjectNode();
        for (Element c : children) {
            String name = c.getTagName();
            JsonNode value = toJson(c, depth + 1);
            JsonNode existing = object.get(name);
            if (existing != null) {
                ((ArrayNode) existing).add(value);
            } else {
                object.set(name, counts.get(name) > 1 ? JSON.createArrayNode().add(value) : value);
            }
        }
        return object;
    }

}
