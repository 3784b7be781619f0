package io.camelbundle.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * The last answer of the bundle's JSON endpoints: an exception no step of the route expected (the database
 * down, a bug) becomes 500 {@code {"error":"internal_error","reason":...}}, the log having the cause. Without
 * it platform-http answers an empty 500 (it mutes the exception), which tells a caller nothing. The answer
 * names neither the exception's text nor its stack (they could quote a secret or a caller's value); the log
 * has both (its filter masks secrets in a thrown exception's text). Used by the routes' catch-all onException.
 */
@ApplicationScoped
@Named("internalErrorReply")
public class InternalErrorReply {

    private static final Logger LOG = Logger.getLogger(InternalErrorReply.class);

    public void reply(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String route = exchange.getFromRouteId();
        LOG.errorf(e, "Route %s failed: answered 500 internal_error", route);
        JsonReplies.error(exchange, 500, "internal_error", "the request failed on this side; see the bundle's log");
    }
}
