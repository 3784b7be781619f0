package io.camelbundle.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.tze.InvalidTzeMessageException;
import io.camelbundle.tze.TzeAnswer;
import io.camelbundle.tze.TzeMessage;
import io.camelbundle.tze.TzeMessageEnvelope;
import io.camelbundle.tze.TzeMessageValidator;
import io.quarkus.arc.profile.UnlessBuildProfile;

/**
 * State of the TZE sandbox: the platform accessToken it accepts (the bundle's own {@code tze.access-token}),
 * single-use oauthCodes handed out by a fake login, oauthTokens that expire and are extended on each use
 * (seed 002), messages received, faults. Answers are plain {@link Answer}s so the rules are testable
 * without HTTP. Never part of a prod build.
 *
 * <p>TZE publishes no retCode besides {@code 000000}; the sandbox uses {@value #BAD_ACCESS_TOKEN} (bad
 * platform accessToken, also played by the {@code TOKEN_INVALID} fault as if TZE had expired it), {@value #BAD_REQUEST} (malformed request), {@value #BAD_CODE} (oauthCode unknown,
 * expired or already used), {@value #BAD_OAUTH_TOKEN} (oauthToken unknown or expired),
 * {@value #BAD_MESSAGE} (message invalid: retDesc lists every problem) and {@value #PERSON_MISMATCH}
 * (personId is not the oauthToken's user).
 */
@ApplicationScoped
@UnlessBuildProfile("prod")
public class TzeSandbox {

    public static final String BAD_ACCESS_TOKEN = "100001";
    public static final String BAD_REQUEST = "100002";
    public static final String BAD_CODE = "100003";
    public static final String BAD_OAUTH_TOKEN = "100004";
    public static final String BAD_MESSAGE = "100005";
    public static final String PERSON_MISMATCH = "100006";

    /** One TZE answer: {@code retCode}, {@code retDesc}, {@code data}. */
    public record Answer(String retCode, String retDesc, Map<String, Object> data) {
        public boolean success() {
            return TzeAnswer.SUCCESS.equals(retCode);
        }
    }

    /** A message the sandbox accepted, as it would reach the user. */
    public record Delivered(String personId, TzeMessage message, long receivedAt) {
    }

    private record Code(String personId, long expiresAt) {
    }

    private record Grant(String personId, long expiresAt) {
    }

    private final Optional<String> accessToken;
    private final TzeMessageValidator validator;
    private final Clock clock;
    private volatile Duration codeLifetime;
    private volatile Duration oauthTokenLifetime;
    private volatile Duration timeoutDelay;
    private final Faults oauthFaults = new Faults();
    private final Faults messageFaults = new Faults();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger oauthRequests = new AtomicInteger();
    private final AtomicInteger messageRequests = new AtomicInteger();

    private final AtomicInteger platformTokensIssued = new AtomicInteger();

    /** The platform accessToken this sandbox accepts, if one is configured. */
    public Optional<String> acceptedAccessToken() {
        return accessToken;
    }

    void platformTokenIssued() {
        platformTokensIssued.incrementAndGet();
    }

    /** Platform accessTokens handed out by GET /sandbox/tze/token so far (tests). */
    public int platformTokensIssued() {
        return platformTokensIssued.get();
    }

    TzeSandbox(@ConfigProperty(name = "tze.access-token") Optional<String> accessToken,
            @ConfigProperty(name = "sandbox.tze.code-lifetime", defaultValue = "PT5M") Duration codeLifetime,
            @ConfigProperty(name = "sandbox.tze.oauth-token-lifetime", defaultValue = "P15D") Duration tokenLifetime,
            @ConfigProperty(name = "sandbox.tze.timeout-delay", defaultValue = "PT15S") Duration timeoutDelay,
            @ConfigProperty(name = "sandbox.tze.fault.http-5xx-rate", defaultValue = "0") double http5xxRate,
            @ConfigProperty(name = "sandbox.tze.fault.timeout-rate", defaultValue = "0") double timeoutRate,
            @ConfigProperty(name = "sandbox.tze.fault.token-invalid-rate", defaultValue = "0") double tokenInvalidRate,
            Clock clock) {
        this.accessToken = accessToken.filter(t -> !t.isBlank());
        this.validator = new TzeMessageValidator();
        this.codeLifetime = codeLifetime;
        this.oauthTokenLifetime = tokenLifetime;
        this.timeoutDelay = timeoutDelay;
        this.clock = clock;
        for (Faults faults : new Faults[]{oauthFaults, messageFaults}) {
            faults.rate(Faults.Kind.HTTP_500, http5xxRate);
            faults.rate(Faults.Kind.TIMEOUT, timeoutRate);
            faults.rate(Faults.Kind.TOKEN_INVALID, tokenInvalidRate);
        }
    }

    /** The fake OAuth login: a fresh single-use oauthCode for the person, as TZE's redirect would carry. */
    public String issueCode(String personId) {
        if (personId == null || personId.isBlank()) {
            throw new IllegalArgumentException("personId is required");
        }
        long now = clock.millis();
        codes.values().removeIf(c -> c.expiresAt() < now);
        String code = "sbx-code-" + UUID.randomUUID().toString().replace("-", "");
        codes.put(code, new Code(personId, now + codeLifetime.toMillis()));
        return code;
    }

    /** {@code POST /oauth/getOauthToken?accessToken=..} with {@code {"oauthCode":..}}. */
    public Answer exchange(String presentedAccessToken, JsonNode body) {
        oauthRequests.incrementAndGet();
        if (!accessTokenValid(presentedAccessToken, oauthFaults)) {
            return refuse(BAD_ACCESS_TOKEN, "accessToken invalid");
        }
        JsonNode code = body == null || !body.isObject() ? null : body.get("oauthCode");
        if (code == null || !code.isTextual() || code.asText().isBlank()) {
            return refuse(BAD_REQUEST, "oauthCode is required");
        }
        Code issued = codes.remove(code.asText()); // remove: a code works once, even for racing requests
        long now = clock.millis();
        if (issued == null || issued.expiresAt() < now) {
            return refuse(BAD_CODE, "oauthCode invalid, expired or already used");
        }
        // tokens long expired are forgotten, so a long dev session does not grow without bound
        grants.values().removeIf(g -> g.expiresAt() < now - Duration.ofDays(1).toMillis());
        String token = "sbx-oauth-" + UUID.randomUUID().toString().replace("-", "");
        long expiry = now + oauthTokenLifetime.toMillis();
        grants.put(token, new Grant(issued.personId(), expiry));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("expiry", expiry);
        data.put("oauthToken", token);
        return new Answer(TzeAnswer.SUCCESS, "success", data);
    }

    /**
     * {@code POST <message path>?accessToken=..}: the user's personId and oauthToken come from the query or
     * from top-level body fields ({@link TzeMessageEnvelope}); the rest of the body must be a valid message.
     */
    public Answer send(String presentedAccessToken, String queryPersonId, String queryOauthToken, JsonNode body) {
        messageRequests.incrementAndGet();
        if (!accessTokenValid(presentedAccessToken, messageFaults)) {
            return refuse(BAD_ACCESS_TOKEN, "accessToken invalid");
        }
        if (body == null || !body.isObject()) {
            return refuse(BAD_REQUEST, "body must be a JSON object");
        }
        ObjectNode message = ((ObjectNode) body).deepCopy();
        String personId = envelopeField(queryPersonId, message.remove(TzeMessageEnvelope.PERSON_ID));
        String oauthToken = envelopeField(queryOauthToken, message.remove(TzeMessageEnvelope.OAUTH_TOKEN));
        long now = clock.millis();
        Grant grant = oauthToken == null ? null : grants.get(oauthToken);
        if (grant == null || grant.expiresAt() <= now) {
            return refuse(BAD_OAUTH_TOKEN, "oauthToken invalid or expired");
        }
        if (personId != null && !personId.equals(grant.personId())) {
            return refuse(PERSON_MISMATCH, "personId does not match the oauthToken");
        }
        List<String> problems = TzeSeedMessages.problems(message);
        if (!problems.isEmpty()) {
            return refuse(BAD_MESSAGE, String.join("; ", problems));
        }
        TzeMessage parsed;
        try {
            // the bundle's stricter rules (absolute http(s) URLs, no unknown fields), and what tests read back
            parsed = validator.parse(message);
        } catch (InvalidTzeMessageException e) {
            return refuse(BAD_MESSAGE, String.join("; ", e.problems()));
        }
        // a successful use extends the oauthToken, as TZE documents
        grants.computeIfPresent(oauthToken, (k, g) -> new Grant(g.personId(),
                Math.max(g.expiresAt(), now + oauthTokenLifetime.toMillis())));
        delivered.add(new Delivered(grant.personId(), parsed, now));
        return new Answer(TzeAnswer.SUCCESS, "success", Map.of());
    }

    private static String envelopeField(String fromQuery, JsonNode fromBody) {
        if (fromQuery != null && !fromQuery.isBlank()) {
            return fromQuery;
        }
        return fromBody != null && fromBody.isTextual() && !fromBody.asText().isBlank() ? fromBody.asText() : null;
    }

    /**
     * The bundle's own token is the valid one, unless a {@link Faults.Kind#TOKEN_INVALID} fault plays TZE
     * having expired or revoked it (the next N requests, or a rate).
     */
    private boolean accessTokenValid(String presented, Faults faults) {
        return presented != null && accessToken.map(presented::equals).orElse(false)
                && faults.roll(Faults.Kind.TOKEN_INVALID) == null;
    }

    private static Answer refuse(String code, String desc) {
        return new Answer(code, desc, Map.of());
    }

    // --- for tests and the README walk-through ---------------------------------------------------------

    /** Expiry (epoch ms) of an oauthToken the sandbox issued, or -1. */
    public long expiryOf(String oauthToken) {
        Grant grant = oauthToken == null ? null : grants.get(oauthToken);
        return grant == null ? -1 : grant.expiresAt();
    }

    /** Makes TZE forget an oauthToken, as if it had been revoked. */
    public void revoke(String oauthToken) {
        grants.remove(oauthToken);
    }

    /** Messages accepted for a person, oldest first. */
    public List<Delivered> deliveredTo(String personId) {
        return delivered.stream().filter(d -> d.personId().equals(personId)).toList();
    }

    public Faults oauthFaults() {
        return oauthFaults;
    }

    public Faults messageFaults() {
        return messageFaults;
    }

    public int oauthRequests() {
        return oauthRequests.get();
    }

    public int messageRequests() {
        return messageRequests.get();
    }

    public void oauthTokenLifetime(Duration lifetime) {
        this.oauthTokenLifetime = lifetime;
    }

    public void codeLifetime(Duration lifetime) {
        this.codeLifetime = lifetime;
    }

    public void timeoutDelay(Duration delay) {
        this.timeoutDelay = delay;
    }

    Duration timeoutDelay() {
        return timeoutDelay;
    }

    /** Forgets codes, tokens, messages and counters, and clears faults. */
    public void reset() {
        codes.clear();
        grants.clear();
        delivered.clear();
        oauthRequests.set(0);
        messageRequests.set(0);
        oauthFaults.clear();
        messageFaults.clear();
    }
}
