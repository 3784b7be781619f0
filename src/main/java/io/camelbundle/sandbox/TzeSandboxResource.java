package io.camelbundle.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.sandbox.Faults.Kind;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.smallrye.common.annotation.Blocking;

/**
 * Local stand-in for the TZE open platform ({@code api.tze.cn}) under {@code /sandbox/tze}; point
 * {@code tze.api-url} here. Enforces seed 002 strictly (see {@link TzeSandbox} for the rules and retCodes):
 * POST only for the API, JSON bodies, single-use oauthCodes, expiring oauthTokens, messages checked by the
 * bundle's own validator. Like TZE, a refusal is HTTP 200 with a retCode other than 000000.
 *
 * <ul>
 * <li>{@code GET /sandbox/tze/authorize?personId=..[&redirect_uri=..]}: the fake OAuth login. With a
 * redirect_uri it redirects (302) there with {@code personId} and {@code oauthCode} appended, as TZE's login
 * does; without one it answers them as JSON (for scripts and the README).</li>
 * <li>{@code POST /sandbox/tze/oauth/getOauthToken?accessToken=..} with {@code {"oauthCode":..}}.</li>
 * <li>{@code POST /sandbox/tze/message/send?accessToken=..[&personId=..&oauthToken=..]} with a message;
 * personId and oauthToken may instead be top-level body fields ({@code tze.message-auth}).</li>
 * <li>{@code GET /sandbox/tze/token?appId=..&appSecret=..}: a platform token endpoint (TZE publishes none; the
 * cookbook's token route is written against this shape): {@code {"retCode":"000000","data":{"accessToken",
 * "expiresIn"}}} with the accessToken the sandbox accepts, for {@code sandbox.tze.app-id} and
 * {@code sandbox.tze.app-secret}; retCode 100002 for another app.</li>
 * </ul>
 */
@Path("/sandbox/tze")
@Produces(MediaType.APPLICATION_JSON)
@UnlessBuildProfile("prod")
@Blocking
public class TzeSandboxResource {

    private final TzeSandbox sandbox;
    private final String appId;
    private final String appSecret;
    private final ObjectMapper json = new ObjectMapper();

    TzeSandboxResource(TzeSandbox sandbox,
            @ConfigProperty(name = "sandbox.tze.app-id", defaultValue = "tze-app") String appId,
            @ConfigProperty(name = "sandbox.tze.app-secret", defaultValue = "tze-app-secret-dev") String appSecret) {
        this.sandbox = sandbox;
        this.appId = appId;
        this.appSecret = appSecret;
    }

    @GET
    @Path("/token")
    public Response platformToken(@QueryParam("appId") String app, @QueryParam("appSecret") String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!appId.equals(app) || !appSecret.equals(secret) || sandbox.acceptedAccessToken().isEmpty()) {
            body.put("retCode", "100002");
            body.put("retDesc", "unknown app");
            return Response.ok(body).build();
        }
        sandbox.platformTokenIssued();
        body.put("retCode", "000000");
        body.put("retDesc", "success");
        body.put("data", Map.of("accessToken", sandbox.acceptedAccessToken().get(), "expiresIn", 7200));
        return Response.ok(body).build();
    }

    @GET
    @Path("/authorize")
    public Response authorize(@QueryParam("personId") String personId, @QueryParam("redirect_uri") String redirect) {
        if (personId == null || personId.isBlank()) {
            return Response.status(400).entity(Map.of("error", "personId is required")).build();
        }
        String code = sandbox.issueCode(personId);
        if (redirect == null || redirect.isBlank()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("personId", personId);
            body.put("oauthCode", code);
            return Response.ok(body).build();
        }
        if (!(redirect.startsWith("http://") || redirect.startsWith("https://"))) {
            return Response.status(400).entity(Map.of("error", "redirect_uri must be an absolute http(s) URL")).build();
        }
        String target = redirect + (redirect.contains("?") ? "&" : "?") + "personId=" + encode(personId)
                + "&oauthCode=" + encode(code);
        return Response.status(302).location(URI.create(target)).build();
    }

    @POST
    @Path("/oauth/getOauthToken")
    public Response getOauthToken(@QueryParam("accessToken") String accessToken,
            @HeaderParam("Content-Type") String contentType, String body) throws InterruptedException {
        Response fault = applyFault(sandbox.oauthFaults().roll(Kind.HTTP_500, Kind.TIMEOUT));
        if (fault != null) {
            return fault;
        }
        JsonNode parsed = json(contentType) ? parse(body) : null;
        if (parsed == null) {
            return answer(new TzeSandbox.Answer(TzeSandbox.BAD_REQUEST, "body is not JSON (application/json)",
                    Map.of()));
        }
        return answer(sandbox.exchange(accessToken, parsed));
    }

    @POST
    @Path("/message/send")
    public Response send(@QueryParam("accessToken") String accessToken, @QueryParam("personId") String personId,
            @QueryParam("oauthToken") String oauthToken, @HeaderParam("Content-Type") String contentType, String body)
            throws InterruptedException {
        Response fault = applyFault(sandbox.messageFaults().roll(Kind.HTTP_500, Kind.TIMEOUT));
        if (fault != null) {
            return fault;
        }
        JsonNode parsed = json(contentType) ? parse(body) : null;
        if (parsed == null) {
            return answer(new TzeSandbox.Answer(TzeSandbox.BAD_REQUEST, "body is not JSON (application/json)",
                    Map.of()));
        }
        return answer(sandbox.send(accessToken, personId, oauthToken, parsed));
    }

    /** The documented calls send JSON; a form or text body is refused like malformed JSON. */
    private static boolean json(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private Response applyFault(Kind kind) throws InterruptedException {
        if (kind == Kind.HTTP_500) {
            return Response.serverError().type(MediaType.TEXT_HTML).entity("<html>500 sandbox fault</html>").build();
        }
        if (kind == Kind.TIMEOUT) {
            Thread.sleep(sandbox.timeoutDelay().toMillis());
            return Response.status(504).build();
        }
        return null;
    }

    private static Response answer(TzeSandbox.Answer answer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("retCode", answer.retCode());
        body.put("retDesc", answer.retDesc());
        body.put("data", answer.data());
        return Response.ok(body).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
