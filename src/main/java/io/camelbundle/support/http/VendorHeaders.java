package io.camelbundle.support.http;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The header filter of Camel HTTP endpoints that call a vendor ({@code headerFilterStrategy=#vendorHeaders}):
 * an allow-list. Camel HTTP's default filter sends every message header that is not Camel's own, so a route
 * that calls a vendor in the middle of other work would send what it carries: an internal caller's
 * {@code Authorization: Bearer <api key>}, a file name, a queue's headers. Here only {@code Content-Type}
 * (the form body's) goes out; the request's other headers are the HTTP client's own. Of the answer only
 * {@code Content-Type} (its charset) comes in: the vendor's other headers have no business in a route.
 */
public final class VendorHeaders implements HeaderFilterStrategy {

    private static final Set<String> ALLOWED = Set.of("content-type");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !allowed(headerName);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !allowed(headerName);
    }

    private static boolean allowed(String headerName) {
        return headerName != null && ALLOWED.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
