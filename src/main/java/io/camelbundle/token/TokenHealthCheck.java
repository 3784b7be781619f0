package io.camelbundle.token;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.Wellness;

/**
 * DOWN when a configured credential has no valid token once the start-up grace period is over. Reads the
 * shared store only: a health request never triggers a vendor request.
 * <p>
 * A wellness check ({@code /q/health/well}, also in {@code /q/health}), not a readiness check: on
 * Kubernetes only Ready pods take part in the leader election (Camel's {@code KubernetesLeadershipController}
 * counts Running and Ready pods as members and a non-member cannot take the Lease), and the token is
 * refreshed by the singleton route {@code token-refresh} on the leader. A readiness check that is DOWN
 * without a token would make every replica not Ready at once (the token store is shared), leave the election
 * without members and so stop the very route that would fetch the token. A pod without a token stays in the
 * Service; its callers get a clear {@code 503 token_unavailable}, as they would from any other replica.
 */
@Wellness
@ApplicationScoped
public class TokenHealthCheck implements HealthCheck {

    private final TokenControl control;
    private final TokenStartup startup;
    private final TokenConfig config;
    private final Clock clock;

    TokenHealthCheck(TokenControl control, TokenStartup startup, TokenConfig config, Clock clock) {
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
