package io.camelbundle.support.http;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The header filter of the bundle's own HTTP endpoints (camel.component.platform-http.header-filter-strategy):
 * Camel's, except that a route's {@code Cache-Control} reaches the caller. Camel drops it as a hop header, so
 * {@code no-store} on a token answer or the OAuth page never left the process. A caller's own Cache-Control is
 * not taken in, so it is never echoed back.
 */
@Singleton
@Named("responseHeaders")
public class ResponseHeaders extends HttpHeaderFilterStrategy {

    public ResponseHeaders() {
        getOutFilter().remove("cache-control");
        getInFilter().add("cache-control");
    }
}
