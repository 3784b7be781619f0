package io.camelbundle.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.om.OmField;
import io.camelbundle.sandbox.Faults.Kind;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.smallrye.common.annotation.Blocking;

/**
 * Local stand-in for OM ({@code auth.om.qq.com} and {@code api.om.qq.com}) under {@code /sandbox/om}.
 * Enforces seed 000 strictly: POST only (JAX-RS answers 405 to anything else), exact parameter names and
 * values, tokens that expire. Answer codes for errors are not published by OM; the sandbox uses
 * 40001 (token invalid, configurable), 40002 (bad grant_type), 40013 (bad client) and 40035 (bad
 * parameter).
 */
@Path("/sandbox/om")
@Produces(MediaType.APPLICATION_JSON)
@UnlessBuildProfile("prod")
@Blocking
public class OmSandboxResource {

    private final OmSandbox sandbox;
    private final ObjectMapper json = new ObjectMapper();

    OmSandboxResource(OmSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @POST
    @Path("/omoauth2/accesstoken")
    public Response accessToken(@QueryParam("grant_type") String grantType, @QueryParam("client_id") String clientId,
            @QueryParam("client_secret") String clientSecret) throws InterruptedException {
        sandbox.countTokenRequest();
        Kind kind = sandbox.tokenFaults().roll(Kind.HTTP_500, Kind.TIMEOUT, Kind.MALFORMED, Kind.ERROR_CODE,
                Kind.ECHO);
        if (kind == Kind.ECHO) {
            // as some gateways do: the rejected request quoted back, raw and encoded
            String secret = String.valueOf(clientSecret);
            return answer("40013", "invalid request client_secret=" + secret + " ("
                    + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8) + ", "
                    + java.util.Base64.getEncoder()
                            .encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + ")", null);
        }
        Response fault = applyFault(kind);
        if (fault != null) {
            return fault;
        }
        if (!"clientcredentials".equals(grantType)) {
            return answer("40002", "invalid grant_type", null);
        }
        if (clientId == null || clientSecret == null || !sandbox.credentialsMatch(clientId, clientSecret)) {
            return answer("40013", "invalid client", null);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("access_token", sandbox.issueToken());
        data.put("expires_in", sandbox.tokenLifetimeSeconds());
        data.put("refresh_toekn", "sandbox-refresh"); // misspelled as in the OM document
        data.put("openid", "sandbox-openid");
        data.put("scope", "all");
        return answer("0", "success", data);
    }

    @POST
    @Path("/omoauth2/checktoken")
    public Response checkToken(@QueryParam("access_token") String token, @QueryParam("openid") String openid) {
        if (token == null) {
            return answer("40035", "missing access_token", null);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("openid", openid);
        data.put("validity", sandbox.tokenValid(token));
        return answer("0", "success", data);
    }

    /** Data return: one event per request, form body {@code access_token} + {@code msg}; code is a number. */
    @POST
    @Path("/data/receiveclient")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response receive(@FormParam("access_token") String token, @FormParam("msg") String msg)
            throws InterruptedException {
        sandbox.countDataRequest();
        Kind kind = sandbox.dataFaults().roll(Kind.HTTP_500, Kind.TIMEOUT, Kind.TOKEN_INVALID, Kind.ERROR_CODE);
        Response fault = applyFault(kind == Kind.TOKEN_INVALID ? null : kind);
        if (fault != null) {
            return fault;
        }
        if (token == null || !sandbox.tokenValid(token) || kind == Kind.TOKEN_INVALID) {
            return answer(Integer.parseInt(sandbox.tokenInvalidCode()), "access_token invalid", Map.of());
        }
        if (msg == null) {
            return answer(40035, "missing msg", Map.of());
        }
        JsonNode event;
        try {
            event = json.readTree(msg);
        } catch (Exception e) {
            return answer(40035, "msg is not JSON", Map.of());
        }
        if (event == null || !event.isObject()) {
            return answer(40035, "msg is not a JSON object", Map.of());
        }
        String problem = fieldProblem(event);
        if (problem != null) {
            return answer(40035, problem, Map.of());
        }
        sandbox.received(event);
        return answer(0, "SUCCESS", Map.of());
    }

    /**
     * Seed 000's rule, strictly: every one of the 26 fields is present; bigint fields are JSON integers
     * (a missing one is sent as 0), string fields are JSON strings or null; nothing else.
     */
    static String fieldProblem(JsonNode event) {
        for (OmField field : OmField.values()) {
            JsonNode value = event.get(field.wireName());
            if (value == null) {
                return "msg lacks field " + field.wireName();
            }
            boolean ok = field.type() == OmField.Type.BIGINT ? value.isIntegralNumber() && value.asLong() >= 0
                    : value.isTextual() || value.isNull();
            if (!ok) {
                return "msg field " + field.wireName() + " has the wrong type";
            }
        }
        if (event.size() != OmField.values().length) {
            return "msg has fields OM does not know";
        }
        return null;
    }

    private Response applyFault(Kind kind) throws InterruptedException {
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case HTTP_500 :
                return Response.serverError().type(MediaType.TEXT_HTML).entity("<html>500 sandbox fault</html>")
                        .build();
            case TIMEOUT :
                Thread.sleep(sandbox.timeoutDelay().toMillis());
                return Response.status(504).build();
            case MALFORMED :
                return Response.ok("{\"code\":\"0\",\"data\":{\"access_token\":").build();
            case ERROR_CODE :
                return answer(50001, "system busy", null);
            default :
                return null;
        }
    }

    private static Response answer(Object code, String msg, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("msg", msg);
        body.put("data", data == null ? Map.of() : data);
        return Response.ok(body).build();
    }
}
