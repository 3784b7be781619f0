package io.camelbundle.support.http;

import java.io.IOException;

/** A vendor answer larger than {@code <vendor>.max-answer-bytes}: not read further, the connection closed. */
public class AnswerTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public AnswerTooLargeException(String vendor, long maxBytes) {
        super(vendor + " answered more than " + maxBytes + " bytes (" + "the limit of " + vendor
                + ".max-answer-bytes)");
    }
}
