package io.camelbundle.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /**
     * Data return: one event per request, {@code access_token} + {@code msg} as a form body (the seed's curl
     * example) or as query parameters (the seed's URL, om.send-mode=query); code is a number.
     */
    @POST
    @Path("/data/receiveclient")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response receive(@FormParam("access_token") String token, @FormParam("msg") String msg,
            @QueryParam("access_token") String queryToken, @QueryParam("msg") String queryMsg)
            throws InterruptedException {
        if ((token != null && queryToken != null) || (msg != null && queryMsg != null)) {
            sandbox.countDataRequest();
            return answer(40035, "access_token or msg given both in the query and in the body", Map.of());
        }
        return receive(token != null ? token : queryToken, msg != null ? msg : queryMsg);
    }

    /** The query form: no body at all (a body of another type is answered 415 by the method above). */
    @POST
    @Path("/data/receiveclient")
    public Response receiveQuery(@QueryParam("access_token") String token, @QueryParam("msg") String msg,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) throws InterruptedException {
        if (length != null && length > 0) {
            return Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE).build();
        }
        return receive(token, msg);
    }

    private Response receive(String token, String msg) throws InterruptedException {
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
     * (a missing one is sent as 0) within the documented range, string fields are JSON strings or null;
     * nothing else. The table is {@link OmSeedFields}, transcribed from the seed on its own, so a mistake in the
     * bundle's own field rules ({@code OmField}) shows here instead of passing.
     */
    static String fieldProblem(JsonNode event) {
        for (OmSeedFields.Field field : OmSeedFields.ALL) {
            JsonNode value = event.get(field.name());
            if (value == null) {
                return "msg lacks field " + field.name();
            }
            boolean ok = field.bigint() ? value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0
                    : value.isTextual() || value.isNull();
            if (!ok) {
                return "msg field " + field.name() + " has the wrong type";
            }
            if (field.bigint() && value.asLong() > field.max()) {
                return "msg field " + field.name() + " is " + value.asLong() + ", above " + field.max()
                        + (field.name().equals("ts") ? " (seconds expected)" : "");
            }
        }
        if (event.size() != OmSeedFields.ALL.size()) {
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
