package io.camelbundle.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.camelbundle.openapi.OpenApiSigner;
import io.quarkus.arc.profile.UnlessBuildProfile;

/**
 * The OpenAPI V3 sandbox's behaviour, without HTTP: the gateway's checks in order (common parameters,
 * appid, API exists, sig, login) and plausible answers of {@code user/get_info}, {@code user/get_multi_info}
 * and {@code user/is_login}. Every sig is verified exactly with {@code openapi.appkey}, so a signer bug shows
 * up here as {@code ret -5} just as it would in production. An openkey starting with
 * {@code sandbox.openapi.expired-openkey-prefix} counts as expired ({@code ret 1002}). Never part of a prod
 * build.
 */
@ApplicationScoped
@UnlessBuildProfile("prod")
public class OpenApiSandbox {

    static final String GET_INFO = "/v3/user/get_info";
    static final String GET_MULTI_INFO = "/v3/user/get_multi_info";
    static final String IS_LOGIN = "/v3/user/is_login";
    private static final Set<String> APIS = Set.of(GET_INFO, GET_MULTI_INFO, IS_LOGIN);
    private static final List<String> REQUIRED = List.of("openid", "openkey", "appid", "pf", "sig");
    private static final int MAX_FOPENIDS = 100;

    private final String appid;
    private final OpenApiSigner signer;
    private final String expiredPrefix;
    private volatile Duration timeoutDelay;
    private volatile int errorCode = -58;
    private final Faults faults = new Faults();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Map<String, String> lastParams = Map.of();
    private final java.util.Queue<RawAnswer> rawAnswers = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** An answer sent exactly as given, bypassing every check (tests: HTML, garbage, empty, cut-off bodies). */
    public record RawAnswer(int status, String contentType, String body) {
    }

    OpenApiSandbox(@ConfigProperty(name = "openapi.appid") String appid,
            @ConfigProperty(name = "openapi.appkey") String appkey,
            @ConfigProperty(name = "sandbox.openapi.expired-openkey-prefix", defaultValue = "expired") String expiredPrefix,
            @ConfigProperty(name = "sandbox.openapi.timeout-delay", defaultValue = "PT5S") Duration timeoutDelay) {
        this.appid = appid;
        this.signer = new OpenApiSigner(appkey);
        this.expiredPrefix = expiredPrefix;
        this.timeoutDelay = timeoutDelay;
    }

    /**
     * The answer body to a call; {@code params} are the decoded request parameters including {@code sig}.
     * Always a {@code ret} first, as OpenAPI answers HTTP 200 with a ret for every gateway or API error.
     */
    Map<String, Object> answer(String method, String apiPath, Map<String, String> params) {
        lastParams = Map.copyOf(params);
        for (String name : REQUIRED) {
            String value = params.get(name);
            if (value == null || value.isEmpty()) {
                return error(-1, "invalid parameter: " + name + " is required");
            }
        }
        if (!appid.equals(params.get("appid"))) {
            return error(-2, "appid does not exist");
        }
        if (!APIS.contains(apiPath)) {
            return error(-9, "API does not exist: " + apiPath);
        }
        if (!signer.verify(method, apiPath, params)) {
            return error(-5, "sig error");
        }
        if (params.get("openkey").startsWith(expiredPrefix)) {
            return error(1002, "请先登录");
        }
        switch (apiPath) {
            case GET_INFO :
                return userInfo(params.get("openid"));
            case GET_MULTI_INFO :
                return multiInfo(params.get("fopenids"));
            default :
                Map<String, Object> body = ok();
                body.put("msg", "用户已登录"); // is_login also extends the openkey by 2 h: nothing to keep here
                return body;
        }
    }

    private Map<String, Object> userInfo(String openid) {
        Map<String, Object> body = ok();
        body.put("is_lost", 0);
        body.putAll(profile(openid));
        body.remove("openid");
        return body;
    }

    private Map<String, Object> multiInfo(String fopenids) {
        if (fopenids == null || fopenids.isEmpty()) {
            return error(1, "parameter error: fopenids is required");
        }
        String[] ids = fopenids.split("_");
        if (ids.length > MAX_FOPENIDS) {
            return error(1, "parameter error: at most " + MAX_FOPENIDS + " fopenids");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (String id : ids) {
            if (!id.isEmpty()) {
                items.add(profile(id));
            }
        }
        Map<String, Object> body = ok();
        body.put("is_lost", 0);
        body.put("items", items);
        return body;
    }

    /** A stable made-up profile per openid, with Chinese text so charset handling is exercised. */
    private static Map<String, Object> profile(String openid) {
        int h = Math.floorMod(openid.hashCode(), 1000);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("openid", openid);
        p.put("nickname", "沙箱用户" + h);
        p.put("gender", h % 2 == 0 ? "男" : "女");
        p.put("country", "中国");
        p.put("province", "广东");
        p.put("city", "深圳");
        p.put("figureurl", "http://thirdapp0.qlogo.cn/qzopenapp/sandbox" + h + "/50");
        p.put("is_yellow_vip", h % 3 == 0 ? 1 : 0);
        p.put("is_yellow_year_vip", 0);
        p.put("yellow_vip_level", h % 3 == 0 ? 1 + h % 8 : 0);
        return p;
    }

    private static Map<String, Object> ok() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ret", 0);
        body.put("msg", "");
        return body;
    }

    static Map<String, Object> error(int ret, String msg) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ret", ret);
        body.put("msg", msg);
        return body;
    }

    public Faults faults() {
        return faults;
    }

    /** The ret of an ERROR_CODE fault: -58 by default, e.g. -6 to simulate rate limiting. */
    public void errorCode(int ret) {
        this.errorCode = ret;
    }

    int errorCode() {
        return errorCode;
    }

    public void timeoutDelay(Duration delay) {
        this.timeoutDelay = delay;
    }

    Duration timeoutDelay() {
        return timeoutDelay;
    }

    public int requests() {
        return requests.get();
    }

    int countRequest() {
        return requests.incrementAndGet();
    }

    /** The decoded parameters of the last call that reached the checks (tests: what the client sent). */
    public Map<String, String> lastParams() {
        return lastParams;
    }

    /** The next request is answered with this, as is (after being counted). Queued: one per call. */
    public void answerNextWith(int status, String contentType, String body) {
        rawAnswers.add(new RawAnswer(status, contentType, body));
    }

    RawAnswer nextRawAnswer() {
        return rawAnswers.poll();
    }

    /** Clears faults, queued raw answers and counters (tests). */
    public void reset() {
        faults.clear();
        rawAnswers.clear();
        requests.set(0);
        errorCode = -58;
        lastParams = Map.of();
    }
}
