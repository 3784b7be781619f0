package io.camelbundle.support.http;

import java.net.SocketTimeoutException;

/**
 * A vendor call that had no complete answer within its configured timeout (connecting, waiting and reading the
 * body together). A {@link SocketTimeoutException}, so whatever treats timeouts as transient keeps doing so.
 */
public class CallTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    private final long limitMillis;

    public CallTimeoutException(String vendor, long timeoutMillis) {
        super(vendor + " gave no complete answer within " + timeoutMillis + " ms");
        this.limitMillis = timeoutMillis;
    }

    /** The timeout that ended the call. */
    public long limitMillis() {
        return limitMillis;
    }
}
