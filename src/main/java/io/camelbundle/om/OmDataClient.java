package io.camelbundle.om;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.VendorHttpClients;

/**
 * Sends one event to OM's {@code data/receiveclient}: {@code access_token} and {@code msg} (the event as a
 * JSON string) as a form body (the document's curl example and the one public production client), or as
 * query parameters of a POST (the document's URI) when {@code om.send-mode=query}. Both are UTF-8
 * percent-encoded so Chinese {@code sub_ch} values arrive intact.
 */
public class OmDataClient {

    public enum Mode {
        FORM, QUERY
    }

    static final String PATH = "/data/receiveclient";

    private final URI endpoint;
    private final Mode mode;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public OmDataClient(String apiUrl, Mode mode, Duration connectTimeout, Duration timeout) {
        this.endpoint = URI.create((apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl) + PATH);
        this.mode = mode;
        this.timeout = timeout;
        this.http = VendorHttpClients.create(connectTimeout);
    }

    /** OM's answer; throws a transient {@link OmDeliveryException} when there is no usable answer. */
    public OmAnswer send(String accessToken, String msg) {
        String params = "access_token=" + encode(accessToken) + "&msg=" + encode(msg);
        HttpRequest request = mode == Mode.FORM
                ? HttpRequest.newBuilder(endpoint).timeout(timeout)
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(params, StandardCharsets.UTF_8)).build()
                : HttpRequest.newBuilder(URI.create(endpoint + "?" + params)).timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw OmDeliveryException.transientFailure("OM did not answer within " + timeout);
        } catch (IOException e) {
            // the exception message may quote the URL, which carries the token in query mode
            throw OmDeliveryException.transientFailure("OM unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OmDeliveryException.transientFailure("interrupted while sending to OM");
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw OmDeliveryException.transientFailure("OM answered HTTP " + status);
        }
        if (status != 200) {
            throw OmDeliveryException.rejectedByOm("HTTP " + status, "unexpected HTTP status");
        }
        try {
            return OmAnswer.of(json.readTree(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            throw OmDeliveryException.transientFailure("OM answered something that is not its JSON envelope");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
