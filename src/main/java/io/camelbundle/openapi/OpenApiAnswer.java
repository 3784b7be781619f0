package io.camelbundle.openapi;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The answer step after a Camel HTTP call to OpenAPI signed by {@link OpenApiSign} (the endpoint with
 * {@code throwExceptionOnFailure=false}): decodes the answer in the charset it declares (else the one asked
 * for), reads JSON or XML, and either leaves the answer as the body, a UTF-8 JSON string with the header
 * {@value OpenApiClient#RET_HEADER} 0, or fails with the {@link OpenApiException} of its {@code ret}
 * ({@link RetClass}): login gone, bad signature, transient (also HTTP 5xx, 429 and a garbled answer) or a
 * call failure. Messages never quote the request.
 */
public class OpenApiAnswer {

    /** Bean method for the route step after the HTTP call. */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        String apiPath = exchange.getProperty(OpenApiSign.PATH, String.class);
        byte[] body = message.getBody(byte[].class);
        OpenApiClient.Answer answer = OpenApiClient.answerOf(apiPath,
                message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                message.getHeader(Exchange.CONTENT_TYPE, "", String.class), body == null ? new byte[0] : body,
                exchange.getProperty(OpenApiSign.CHARSET, String.class));
        message.setHeader(OpenApiClient.RET_HEADER, 0);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(answer.raw());
    }
}
