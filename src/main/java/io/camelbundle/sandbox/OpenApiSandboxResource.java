package io.camelbundle.sandbox;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.sandbox.Faults.Kind;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.smallrye.common.annotation.Blocking;

/**
 * Local stand-in for OpenAPI V3 ({@code openapi.tencentyun.com/v3/...}) under {@code /sandbox/openapi}.
 * GET takes the parameters from the query string, POST from a form body; the signed path is the part after
 * {@code /sandbox/openapi} (e.g. {@code /v3/user/get_info}). Like the real gateway it answers HTTP 200 with a
 * {@code ret} for every gateway or API error, {@code format=xml} gives XML, and the answer is encoded in
 * GBK unless {@code charset=utf-8} was sent (seed 001: the default is gbk and any other value also means
 * gbk). Request parameters are always read as UTF-8, the charset the signer signs. Faults on demand through
 * {@link OpenApiSandbox#faults()}: HTTP_500, TIMEOUT (hangs {@code sandbox.openapi.timeout-delay}),
 * MALFORMED (cut-off body), ERROR_CODE (ret -58 or {@link OpenApiSandbox#errorCode(int)}), TOKEN_INVALID
 * (ret 1002).
 */
@Path("/sandbox/openapi")
@UnlessBuildProfile("prod")
@Blocking
public class OpenApiSandboxResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");

    private final OpenApiSandbox sandbox;

    OpenApiSandboxResource(OpenApiSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @GET
    @Path("/{api: .+}")
    public Response get(@PathParam("api") String api, @Context UriInfo uri) throws InterruptedException {
        return call("GET", api, first(uri.getRequestUri().getRawQuery(), Map.of()));
    }

    @POST
    @Path("/{api: .+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@PathParam("api") String api, @Context UriInfo uri, MultivaluedMap<String, String> form)
            throws InterruptedException {
        // Query parameters of a POST are signed like the body's, so both count (the body wins on conflicts)
        return call("POST", api, first(uri.getRequestUri().getRawQuery(), form));
    }

    private Response call(String method, String api, Map<String, String> params) throws InterruptedException {
        sandbox.countRequest();
        OpenApiSandbox.RawAnswer raw = sandbox.nextRawAnswer();
        if (raw != null) {
            Response.ResponseBuilder r = Response.status(raw.status()).entity(raw.body());
            return (raw.contentType() == null ? r : r.header("Content-Type", raw.contentType())).build();
        }
        String format = params.get("format");
        String charset = params.get("charset");
        Kind fault = sandbox.faults().roll(Kind.HTTP_500, Kind.TIMEOUT, Kind.MALFORMED, Kind.ERROR_CODE,
                Kind.TOKEN_INVALID);
        if (fault != null) {
            switch (fault) {
                case HTTP_500 :
                    return Response.serverError().type(MediaType.TEXT_HTML).entity("<html>500 sandbox fault</html>")
                            .build();
                case TIMEOUT :
                    Thread.sleep(sandbox.timeoutDelay().toMillis());
                    return render(OpenApiSandbox.error(-65, "timeout"), format, charset);
                case MALFORMED :
                    return Response.ok("{\"ret\":0,\"nickname\":", MediaType.APPLICATION_JSON).build();
                case ERROR_CODE :
                    return render(OpenApiSandbox.error(sandbox.errorCode(), "系统繁忙"), format, charset);
                case TOKEN_INVALID :
                    return render(OpenApiSandbox.error(1002, "请先登录"), format, charset);
                default :
                    break;
            }
        }
        return render(sandbox.answer(method, "/" + api, params), format, charset);
    }

    private static Response render(Map<String, Object> body, String format, String charset) {
        Rendered r = rendered(body, format, charset);
        return Response.ok(r.bytes()).header("Content-Type", r.contentType()).build();
    }

    /** Encoded answer and its Content-Type; {@code body} is rendered as JSON unless format is exactly "xml". */
    static Rendered rendered(Map<String, Object> body, String format, String charset) {
        boolean utf8 = "utf-8".equalsIgnoreCase(charset);
        Charset cs = utf8 ? StandardCharsets.UTF_8 : GBK;
        String label = utf8 ? "utf-8" : "gbk";
        if ("xml".equals(format)) {
            String xml = "<?xml version=\"1.0\" encoding=\"" + label + "\"?>\n" + Xml.element("data", body);
            return new Rendered(xml.getBytes(cs), "text/xml; charset=" + label);
        }
        try {
            return new Rendered(JSON.writeValueAsString(body).getBytes(cs), "application/json; charset=" + label);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write sandbox answer", e);
        }
    }

    record Rendered(byte[] bytes, String contentType) {
    }

    /**
     * The raw query is decoded here, form-style like PHP's gateway would ('+' is a space), rather than by
     * JAX-RS: a client that sends the Base64 sig with a raw '+' must get ret -5, as it would in production.
     */
    static Map<String, String> first(String rawQuery, Map<String, List<String>> form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                params.putIfAbsent(k, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        form.forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // malformed escapes stay as sent; the sig check then fails
        }
    }

    /** The minimal XML OpenAPI answers with: one element per field, lists as repeated {@code <item>}. */
    static final class Xml {

        private Xml() {
        }

        static String element(String name, Object value) {
            StringBuilder out = new StringBuilder();
            write(out, name, value);
            return out.toString();
        }

        private static void write(StringBuilder out, String name, Object value) {
            out.append('<').append(name).append('>');
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> write(out, String.valueOf(k), v));
            } else if (value instanceof List<?> list) {
                list.forEach(v -> write(out, "item", v));
            } else if (value != null) {
                escape(out, String.valueOf(value));
            }
            out.append("</").append(name).append('>');
        }

        private static void escape(StringBuilder out, String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '"' -> out.append("&quot;");
                    default -> out.append(c);
                }
            }
        }
    }
}
