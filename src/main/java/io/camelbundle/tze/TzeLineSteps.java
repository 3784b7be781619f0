package io.camelbundle.tze;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.filedrop.DropNames;
import io.camelbundle.filedrop.Utf8LineSource;
import io.camelbundle.support.LogSafe;
import io.camelbundle.support.Secrets;

/**
 * The steps of routes/tze-file-drop.camel.yaml for each line of a file, inside its streaming split: read the
 * line into a request (or a reason it cannot be one), then account the outcome of direct:tze-send in the
 * file's {@link TzeFileRun}.
 */
@ApplicationScoped
@Named("tzeLineSteps")
public class TzeLineSteps {

    /** Exchange property of a line sub-exchange: its line number (1-based). */
    public static final String LINE = "TzeLine";
    /** Header of a line sub-exchange: true for a blank line, which the route skips. */
    public static final String BLANK = "TzeBlankLine";
    /** Exchange property of a line sub-exchange: why the line cannot be a request (too long, not UTF-8). */
    public static final String UNREADABLE = "TzeLineUnreadable";

    private static final Logger LOG = Logger.getLogger(TzeLineSteps.class);

    private final TzeConfig config;

    TzeLineSteps(TzeConfig config) {
        this.config = config;
    }

    /**
     * Marks blank lines and counts the others, setting the idempotency key prefix of their sends; a line too
     * long or not UTF-8 gets {@link #UNREADABLE}, turned into a rejection by {@link #request}.
     */
    public void read(Exchange exchange) {
        Utf8LineSource.Line read = exchange.getMessage().getBody(Utf8LineSource.Line.class);
        int number = (int) read.number();
        exchange.setProperty(LINE, number);
        String unreadable = read.tooLong()
                ? "line " + number + " is longer than " + config.fileDrop().maxRecordBytes()
                        + " bytes (tze.file-drop.max-record-bytes)"
                : read.badByteOffset() >= 0 ? "not valid UTF-8 (byte " + read.badByteOffset() + " of the line)" : null;
        // a byte order mark (Windows editors, PowerShell 5.1) is not part of the first request
        String text = number == 1 && read.text().startsWith("\uFEFF") ? read.text().substring(1) : read.text();
        boolean blank = unreadable == null && text.isBlank();
        exchange.getMessage().setHeader(BLANK, blank);
        if (unreadable != null) {
            exchange.setProperty(UNREADABLE, unreadable);
        }
        if (!blank) {
            exchange.getMessage().setBody(text.strip());
            TzeFileRun run = run(exchange);
            exchange.setProperty(TzePersonSends.SENT_KEY_PREFIX, run.keyPrefix(number));
            run.requestRead();
        }
    }

    /** First step of a line's doTry: a line that cannot be a request is rejected with its reason. */
    public void request(Exchange exchange) {
        String unreadable = exchange.getProperty(UNREADABLE, String.class);
        if (unreadable != null) {
            throw new InvalidTzeRequestException(List.of(unreadable));
        }
    }

    /** After direct:tze-send: accounts every person's result. */
    public void sent(Exchange exchange) {
        run(exchange).sent(lineNumber(exchange), exchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class));
    }

    /** doCatch of a line: the request could not be sent to anyone. */
    public void rejected(Exchange exchange) {
        TzeFileRun run = run(exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e instanceof InvalidTzeRequestException invalid ? String.join("; ", invalid.problems())
                : e == null ? "unknown" : e.getClass().getSimpleName() + ": " + Secrets.mask(e.getMessage());
        int line = lineNumber(exchange);
        run.rejected(line, reason);
        LOG.warnf("%s line %d rejected: %s", DropNames.printable(run.name()), line,
                LogSafe.escapeReason(reason)); // it quotes the line's text
    }

    private static TzeFileRun run(Exchange exchange) {
        return exchange.getProperty(TzeFileDrop.RUN, TzeFileRun.class);
    }

    private static int lineNumber(Exchange exchange) {
        Integer line = exchange.getProperty(LINE, Integer.class);
        return line == null ? 0 : line;
    }
}
