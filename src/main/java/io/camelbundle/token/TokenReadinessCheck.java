package io.camelbundle.token;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.camelbundle.support.Secrets;

/**
 * Readiness: DOWN when a configured credential has no valid token once the start-up grace period is over,
 * so the Service stops sending callers to a replica that could only answer 503.
 * <p>
 * The proactive refresh runs on the leader of the token-refresh group, which the Lease election picks
 * whether it is Ready or not. A missing token makes every replica not Ready at once (the store is shared),
 * so the check itself asks {@link TokenRecovery} for a background refresh whenever a token is missing: the
 * token comes back at once, without waiting for the leader's next refresh, and readiness turns UP. The
 * check reads the store and never waits for the vendor.
 */
@Readiness
@ApplicationScoped
public class TokenReadinessCheck implements HealthCheck {

    private final TokenControl control;
    private final TokenStartup startup;
    private final TokenConfig config;
    private final Clock clock;
    private final TokenRecovery recovery;

    TokenReadinessCheck(TokenControl control, TokenStartup startup, TokenConfig config, Clock clock,
            TokenRecovery recovery) {
        this.control = control;
        this.recovery = recovery;
        this.startup = startup;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        long now = clock.millis();
        boolean inGrace = System.currentTimeMillis() - startup.startedAt() < config.startupGrace().toMillis();
        boolean up = true;
        boolean missing = false;
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("tokens");
        for (String credential : control.credentials()) {
            StoredToken token = control.peek(credential);
            boolean valid = token.validAt(now, config.minRemaining().toMillis());
            builder.withData(credential, valid ? "valid for " + (token.expiresAt() - now) / 1000 + " s"
                    : inGrace ? "no valid token yet (start-up grace)" : "no valid token"
                            + (token.lastError() == null ? "" : ": " + Secrets.mask(token.lastError())));
            up &= valid || inGrace;
            missing |= !valid;
        }
        if (missing) {
            recovery.kick();
        }
        return builder.status(up).build();
    }
}
