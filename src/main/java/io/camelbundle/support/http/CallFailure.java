package io.camelbundle.support.http;

import org.apache.camel.Exchange;

/**
 * Why a vendor call caught by a route's {@code doCatch} got no usable answer, read once from the cause chain:
 * the whole-call timeout ran out, the answer was over its size cap, or neither (connection refused, reset, ...).
 * {@link #what()} names the failure by class only: an HTTP client's message may quote the URL, and vendors'
 * URLs carry tokens.
 */
public record CallFailure(Exception caught, CallTimeoutException timeout, AnswerTooLargeException tooLarge) {

    /** The exchange's {@link Exchange#EXCEPTION_CAUGHT}. */
    public static CallFailure of(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        CallTimeoutException timeout = null;
        AnswerTooLargeException tooLarge = null;
        for (Throwable cause = caught; cause != null && timeout == null && tooLarge == null; cause = cause.getCause()) {
            if (cause instanceof CallTimeoutException t) {
                timeout = t;
            } else if (cause instanceof AnswerTooLargeException t) {
                tooLarge = t;
            }
        }
        return new CallFailure(caught, timeout, tooLarge);
    }

    /** The caught exception's simple class name, or "no answer" when nothing was caught. */
    public String what() {
        return caught == null ? "no answer" : caught.getClass().getSimpleName();
    }
}
