package io.camelbundle.om;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.util.CaseInsensitiveMap;

/**
 * Builds OM's data return request (seed 000, {@code data/receiveclient}) for the Camel HTTP endpoint of
 * kamelet:om-report-event-action: {@code access_token} and {@code msg}, UTF-8 percent-encoded so Chinese
 * {@code sub_ch} values arrive intact, as a form body (the document's curl example and the one public
 * production client; {@code om.send-mode=form}) or as the query of a POST (the document's URI;
 * {@code query}). The token comes from the exchange property {@link #TOKEN}, never from a header, which
 * Camel HTTP would send to OM as an HTTP header.
 */
public class OmDataRequest {

    /** Exchange property: the event as the Kamelet received it, its body again when it is done. */
    public static final String EVENT = "OmEvent";
    /** Exchange property: the access token this attempt uses (also what a refusal compares and expires). */
    public static final String TOKEN = "OmAccessToken";
    /** Exchange property: the caller's headers, set aside while the message is OM's request. */
    static final String CALLER_HEADERS = "OmCallerHeaders";
    /** Exchange property: the event's {@code msg}. */
    public static final String MSG = "OmMsg";
    /** Exchange property: System.nanoTime() when the request left, for the send timer. */
    static final String STARTED = "OmSendStarted";

    public enum Mode {
        FORM, QUERY
    }

    private final Mode mode;

    public OmDataRequest(Mode mode) {
        this.mode = mode;
    }

    /** {@code form} or {@code query}, as om.send-mode is written. */
    public static Mode mode(String sendMode) {
        try {
            return Mode.valueOf(sendMode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("om.send-mode must be 'form' or 'query', was '" + sendMode + "'");
        }
    }

    /**
     * The message becomes the request: method, and the body or the query; nothing else is sent. The caller's
     * headers are set aside (OmDataAnswer puts them back): none of them may reach OM, and the calling route
     * needs them afterwards, among them the error handler's redelivery counter.
     */
    public void prepare(Exchange exchange) {
        String params = "access_token=" + encode(exchange.getProperty(TOKEN, String.class)) + "&msg="
                + encode(exchange.getProperty(MSG, String.class));
        Message message = exchange.getMessage();
        exchange.setProperty(CALLER_HEADERS, new CaseInsensitiveMap(message.getHeaders()));
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST); // the enum Camel HTTP asks for: no conversion per call
        if (mode == Mode.FORM) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded; charset=UTF-8");
            message.setBody(params);
        } else {
            message.setHeader(Exchange.HTTP_QUERY, params);
            message.setBody(null);
        }
        exchange.setProperty(STARTED, System.nanoTime());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
