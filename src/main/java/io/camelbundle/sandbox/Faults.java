package io.camelbundle.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for a sandbox endpoint: a configured rate per fault kind, plus "the next N answers"
 * for deterministic tests. Forced faults are consumed before rates are rolled.
 */
public class Faults {

    public enum Kind {
        HTTP_500, TIMEOUT, MALFORMED, ERROR_CODE, TOKEN_INVALID,
        /** An error answer whose message echoes the request, secrets included, in several encodings. */
        ECHO
    }

    private final Map<Kind, Double> rates = new ConcurrentHashMap<>();
    private final Map<Kind, AtomicInteger> forced = new ConcurrentHashMap<>();

    public void rate(Kind kind, double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("fault rate must be within 0..1, was " + rate);
        }
        rates.put(kind, rate);
    }

    public void failNext(Kind kind, int count) {
        forced.computeIfAbsent(kind, k -> new AtomicInteger()).addAndGet(count);
    }

    /** Forced faults of this kind not yet applied (tests count retries with it). */
    public int pending(Kind kind) {
        AtomicInteger n = forced.get(kind);
        return n == null ? 0 : n.get();
    }

    public void clear() {
        rates.clear();
        forced.clear();
    }

    /** The fault to apply to this request, or null. Only kinds in {@code applicable} are considered. */
    public Kind roll(Kind... applicable) {
        for (Kind kind : applicable) {
            AtomicInteger n = forced.get(kind);
            if (n != null && n.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                return kind;
            }
        }
        for (Kind kind : applicable) {
            Double rate = rates.get(kind);
            if (rate != null && rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
                return kind;
            }
        }
        return null;
    }
}
