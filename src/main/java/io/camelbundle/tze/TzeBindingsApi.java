package io.camelbundle.tze;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.camelbundle.support.JsonReplies;

/**
 * GET and DELETE /tze/bindings/{personId} (routes/tze-oauth.camel.yaml): a person's binding status, never its
 * token, and unbinding. Keyed by the HTTP layer's one key policy.
 */
@ApplicationScoped
@Named("tzeBindingsApi")
public class TzeBindingsApi {

    private final TzeBindingStore bindings;
    private final Clock clock;

    TzeBindingsApi(TzeBindingStore bindings, Clock clock) {
        this.bindings = bindings;
        this.clock = clock;
    }

    // --- GET|DELETE /tze/bindings/{personId} -------------------------------------------------------------

    /** DELETE: unbinds the person; 404 when there was no binding. */
    public void unbind(Exchange exchange) {
        String personId = exchange.getMessage().getHeader("personId", String.class);
        boolean removed = bindings.unbind(personId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("personId", personId);
        body.put("unbound", removed);
        JsonReplies.reply(exchange, removed ? 200 : 404, body);
    }

    /** GET: whether bound and until when, never the token; 404 when unbound. */
    public void bindingStatus(Exchange exchange) {
        String personId = exchange.getMessage().getHeader("personId", String.class);
        long now = clock.millis();
        Optional<TzeBinding> row = bindings.read(personId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("personId", personId);
        if (row.isEmpty()) {
            body.put("bound", false);
            body.put("state", "unbound");
            JsonReplies.reply(exchange, 404, body);
            return;
        }
        TzeBinding b = row.get();
        body.put("bound", b.usable(now));
        body.put("state", b.invalidAt() != 0 ? "invalid" : b.usable(now) ? "bound" : "expired");
        body.put("expiresAt", Instant.ofEpochMilli(b.expiresAt()).toString());
        body.put("boundAt", Instant.ofEpochMilli(b.createdAt()).toString());
        body.put("lastUsedAt", b.lastUsedAt() == 0 ? null : Instant.ofEpochMilli(b.lastUsedAt()).toString());
        if (b.invalidAt() != 0) {
            body.put("invalidReason", b.invalidReason());
        }
        JsonReplies.reply(exchange, 200, body);
    }
}
