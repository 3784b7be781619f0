package io.camelbundle.support;

import java.time.Clock;
import java.time.Duration;

/**
 * At most a number of log lines per time window for one kind of event that outside callers can cause at will
 * (a public endpoint's refusals), so that a flood neither fills the log nor buries the other lines in it; a meter
 * counts every event. The first line allowed after some were left out says how many.
 */
public final class LogBudget {

    private final int lines;
    private final long windowMs;
    private final Clock clock;
    private long windowStart = Long.MIN_VALUE;
    private int used;
    private long leftOut;

    public LogBudget(int lines, Duration window, Clock clock) {
        if (lines < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("a log budget needs at least 1 line per window of at least 1 ms");
        }
        this.lines = lines;
        this.windowMs = window.toMillis();
        this.clock = clock;
    }

    /**
     * Takes one line of the budget: -1 when this event is not to be logged (it is counted as left out), else the
     * number of events left out since the last line logged, which the line should mention.
     */
    public synchronized long take() {
        long now = clock.millis();
        if (windowStart == Long.MIN_VALUE || now - windowStart >= windowMs) {
            windowStart = now;
            used = 0;
        }
        if (used == lines) {
            leftOut++;
            return -1;
        }
        used++;
        long before = leftOut;
        leftOut = 0;
        return before;
    }
}
