package io.camelbundle.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.profile.UnlessBuildProfile;

/**
 * State of the OM sandbox: which tokens were issued and until when, request counters, faults. Strict like
 * the real service is documented to be: one client, tokens with an expiry, and a new token supersedes
 * the previous one (after {@code sandbox.om.previous-token-grace}), which is why OM demands one central
 * token server. Never part of a prod build.
 */
@ApplicationScoped
@UnlessBuildProfile("prod")
public class OmSandbox {

    private final String clientId;
    private final String clientSecret;
    private final String tokenInvalidCode;
    private final Clock clock;
    private volatile Duration tokenLifetime;
    private volatile Duration previousTokenGrace;
    private volatile Duration timeoutDelay;
    private final Faults tokenFaults = new Faults();
    private final Faults dataFaults = new Faults();
    private final Map<String, Long> tokenExpiry = new ConcurrentHashMap<>();
    /** Expiry announced when each token was issued (before any superseding), for tests. */
    private final Map<String, Long> issuedExpiry = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger dataRequests = new AtomicInteger();
    private volatile String currentToken;
    /** Events accepted by data/receiveclient, for tests (bounded: the newest are kept). */
    private final java.util.concurrent.ConcurrentLinkedDeque<com.fasterxml.jackson.databind.JsonNode> received = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicInteger accepted = new AtomicInteger();

    OmSandbox(@ConfigProperty(name = "om.client-id") String clientId,
            @ConfigProperty(name = "om.client-secret") String clientSecret,
            @ConfigProperty(name = "sandbox.om.token-lifetime", defaultValue = "PT2H") Duration tokenLifetime,
            @ConfigProperty(name = "sandbox.om.previous-token-grace", defaultValue = "PT0S") Duration grace,
            @ConfigProperty(name = "sandbox.om.token-invalid-code", defaultValue = "40001") String invalidCode,
            @ConfigProperty(name = "sandbox.om.timeout-delay", defaultValue = "PT15S") Duration timeoutDelay,
            @ConfigProperty(name = "sandbox.om.fault.http-5xx-rate", defaultValue = "0") double http5xxRate,
            @ConfigProperty(name = "sandbox.om.fault.timeout-rate", defaultValue = "0") double timeoutRate,
            @ConfigProperty(name = "sandbox.om.fault.token-invalid-rate", defaultValue = "0") double tokenInvalidRate,
            Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenLifetime = tokenLifetime;
        this.previousTokenGrace = grace;
        this.tokenInvalidCode = invalidCode;
        this.timeoutDelay = timeoutDelay;
        this.clock = clock;
        for (Faults faults : new Faults[]{tokenFaults, dataFaults}) {
            faults.rate(Faults.Kind.HTTP_500, http5xxRate);
            faults.rate(Faults.Kind.TIMEOUT, timeoutRate);
        }
        dataFaults.rate(Faults.Kind.TOKEN_INVALID, tokenInvalidRate);
    }

    boolean credentialsMatch(String id, String secret) {
        return clientId.equals(id) && clientSecret.equals(secret);
    }

    /** Issues a token; the previous one stays usable only for the configured grace. */
    String issueToken() {
        long now = clock.millis();
        String previous = currentToken;
        if (previous != null) {
            tokenExpiry.computeIfPresent(previous, (k, exp) -> Math.min(exp, now + previousTokenGrace.toMillis()));
        }
        String token = "sbx-" + UUID.randomUUID().toString().replace("-", "");
        tokenExpiry.put(token, now + tokenLifetime.toMillis());
        issuedExpiry.put(token, now + tokenLifetime.toMillis());
        currentToken = token;
        tokenExpiry.values().removeIf(exp -> exp < now - Duration.ofHours(1).toMillis());
        issuedExpiry.values().removeIf(exp -> exp < now - Duration.ofHours(1).toMillis());
        return token;
    }

    public boolean tokenValid(String token) {
        Long expiry = token == null ? null : tokenExpiry.get(token);
        return expiry != null && clock.millis() < expiry;
    }

    /** Expiry (epoch ms) the sandbox recorded for a token, or -1 if it never issued it. */
    public long expiryOf(String token) {
        Long expiry = tokenExpiry.get(token);
        return expiry == null ? -1 : expiry;
    }

    /** Expiry announced when the token was issued (epoch ms), or -1 if the sandbox never issued it. */
    public long issuedExpiryOf(String token) {
        Long expiry = issuedExpiry.get(token);
        return expiry == null ? -1 : expiry;
    }

    /** Every token issued and not yet forgotten (tests check none of them reaches a log). */
    public java.util.Set<String> issuedTokens() {
        return java.util.Set.copyOf(issuedExpiry.keySet());
    }

    public String clientSecretForTests() {
        return clientSecret;
    }

    public Faults tokenFaults() {
        return tokenFaults;
    }

    public Faults dataFaults() {
        return dataFaults;
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public int dataRequests() {
        return dataRequests.get();
    }

    int countTokenRequest() {
        return tokenRequests.incrementAndGet();
    }

    void received(com.fasterxml.jackson.databind.JsonNode event) {
        accepted.incrementAndGet();
        received.addLast(event);
        while (received.size() > 10_000) {
            received.pollFirst();
        }
    }

    /** Events accepted so far (code 0 answered). */
    public int acceptedEvents() {
        return accepted.get();
    }

    /** The newest accepted events, oldest first. */
    public java.util.List<com.fasterxml.jackson.databind.JsonNode> receivedEvents() {
        return java.util.List.copyOf(received);
    }

    int countDataRequest() {
        return dataRequests.incrementAndGet();
    }

    public long tokenLifetimeSeconds() {
        return tokenLifetime.toSeconds();
    }

    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    public void timeoutDelay(Duration delay) {
        this.timeoutDelay = delay;
    }

    Duration timeoutDelay() {
        return timeoutDelay;
    }

    String tokenInvalidCode() {
        return tokenInvalidCode;
    }

    /** Forgets every issued token and counter and clears faults (tests). */
    public void reset() {
        tokenExpiry.clear();
        issuedExpiry.clear();
        currentToken = null;
        tokenRequests.set(0);
        dataRequests.set(0);
        tokenFaults.clear();
        dataFaults.clear();
    }
}
