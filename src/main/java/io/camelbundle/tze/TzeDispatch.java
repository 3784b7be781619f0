package io.camelbundle.tze;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.support.Secrets;

/** One send request on its way: the checked wire message and one result per person, in request order. */
public final class TzeDispatch {

    /**
     * One person's outcome: {@code sent}, {@value TzePersonSends#SKIPPED_DUPLICATE} (sent by an earlier run, not
     * again), or a {@link TzeSendException.Kind#status()} with the reason.
     */
    public record Result(String personId, String status, String retCode, String reason) {
        public Result {
            reason = Secrets.mask(reason);
        }

        public boolean sent() {
            return "sent".equals(status);
        }

        public boolean skippedDuplicate() {
            return TzePersonSends.SKIPPED_DUPLICATE.equals(status);
        }

        /** Sent now or by an earlier run: nothing left to do for this person. */
        public boolean reached() {
            return sent() || skippedDuplicate();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TzeSendRequest request;
    private final String wire;
    private final Map<String, Result> results = new LinkedHashMap<>();

    TzeDispatch(TzeSendRequest request, String wire) {
        this.request = request;
        this.wire = wire;
        for (String person : request.personIds()) {
            results.put(person, new Result(person, "pending", null, null));
        }
    }

    public TzeSendRequest request() {
        return request;
    }

    /** The validated wire message sent to every person. */
    public String wire() {
        return wire;
    }

    synchronized void record(Result result) {
        results.put(result.personId(), result);
    }

    public synchronized List<Result> results() {
        return new ArrayList<>(results.values());
    }

    /** The persons not reached (neither sent now nor by an earlier run). */
    public synchronized List<Result> failures() {
        return results.values().stream().filter(r -> !r.reached()).toList();
    }

    /**
     * {@code {"sent":n,"failed":m,"results":[{"personId","status","retCode"?,"reason"?}]}}, plus
     * {@code "skipped_duplicates"} when an idempotent caller's persons were sent by an earlier run.
     */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        List<Result> all = results();
        long sent = all.stream().filter(Result::sent).count();
        long skipped = all.stream().filter(Result::skippedDuplicate).count();
        root.put("sent", sent);
        root.put("failed", all.size() - sent - skipped);
        if (skipped > 0) {
            root.put("skipped_duplicates", skipped);
        }
        ArrayNode list = root.putArray("results");
        for (Result r : all) {
            ObjectNode o = list.addObject().put("personId", r.personId()).put("status", r.status());
            if (r.retCode() != null) {
                o.put("retCode", r.retCode());
            }
            if (r.reason() != null) {
                o.put("reason", r.reason());
            }
        }
        return root;
    }
}
