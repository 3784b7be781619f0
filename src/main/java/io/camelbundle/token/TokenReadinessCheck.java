package io.camelbundle.token;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN when a configured credential has no valid token once the start-up grace period is over. Reads the
 * shared store only: a readiness probe never triggers a vendor request.
 */
@Readiness
@ApplicationScoped
public class TokenReadinessCheck implements HealthCheck {

    private final TokenControl control;
    private final TokenStartup startup;
    private final TokenConfig config;
    private final Clock clock;

    TokenReadinessCheck(TokenControl control, TokenStartup startup, TokenConfig config, Clock clock) {
        this.control = control;
        this.startup = startup;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        long now = clock.millis();
        boolean inGrace = System.currentTimeMillis() - startup.startedAt() < config.startupGrace().toMillis();
        boolean up = true;
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("tokens");
        for (String credential : control.credentials()) {
            StoredToken token = control.peek(credential);
            boolean valid = token.validAt(now, config.minRemaining().toMillis());
            builder.withData(credential, valid ? "valid for " + (token.expiresAt() - now) / 1000 + " s"
                    : inGrace ? "no valid token yet (start-up grace)" : "no valid token"
                            + (token.lastError() == null ? "" : ": " + token.lastError()));
            up &= valid || inGrace;
        }
        return builder.status(up).build();
    }
}
