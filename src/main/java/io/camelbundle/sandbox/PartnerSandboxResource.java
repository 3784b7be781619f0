package io.camelbundle.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.profile.UnlessBuildProfile;
import io.smallrye.common.annotation.Blocking;

/**
 * A token endpoint of no vendor in particular, under {@code /sandbox/partner}, for the cookbook's "a credential
 * whose token endpoint answers differently": it takes a JSON body {@code {"client_id","client_secret"}} and
 * answers {@code {"code":0,"data":{"token","expire"}}} (seconds), or {@code {"code":40013,"msg":...}} for a
 * wrong client, always with HTTP 200, as many vendors do. The expected client comes from
 * {@code sandbox.partner.client-id} / {@code sandbox.partner.client-secret}.
 */
@Path("/sandbox/partner")
@UnlessBuildProfile("prod")
@Blocking
public class PartnerSandboxResource {

    private final String clientId;
    private final String clientSecret;
    private final AtomicInteger issued = new AtomicInteger();

    PartnerSandboxResource(
            @ConfigProperty(name = "sandbox.partner.client-id", defaultValue = "partner-client") String clientId,
            @ConfigProperty(name = "sandbox.partner.client-secret", defaultValue = "partner-secret-dev") String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> token(Map<String, Object> request) {
        Map<String, Object> answer = new LinkedHashMap<>();
        if (request == null || !clientId.equals(request.get("client_id"))
                || !clientSecret.equals(request.get("client_secret"))) {
            answer.put("code", 40013);
            answer.put("msg", "unknown client");
            return answer;
        }
        issued.incrementAndGet();
        answer.put("code", 0);
        answer.put("data", Map.of("token", "partner-" + UUID.randomUUID(), "expire", 7200));
        return answer;
    }

    /** Tokens handed out so far (tests). */
    public int issued() {
        return issued.get();
    }
}
