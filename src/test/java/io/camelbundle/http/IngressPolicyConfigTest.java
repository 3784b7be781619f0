package io.camelbundle.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.camelbundle.support.ApiKeys;
import io.quarkus.runtime.configuration.MemorySize;

/** Which rule covers which path, and that no configuration leaves an endpoint for internal servers open. */
class IngressPolicyConfigTest {

    private static final ApiKeys KEYS = new ApiKeys(List.of("k"));

    @Test
    void theMostSpecificPatternWinsAndExactPathsAllowATrailingSlash() {
        Map<String, IngressConfig.Endpoint> endpoints = keyedDefaults();
        endpoints.put("renew", endpoint(List.of("/openapi/openkey/renew"), IngressConfig.Policy.API_KEY, 100));
        endpoints.put("open", endpoint(List.of("/public/*"), IngressConfig.Policy.PERMIT, 0));
        IngressPolicy policy = new IngressPolicy(config(endpoints), KEYS);

        assertThat(policy.ruleFor("/openapi/openkey/renew").name).isEqualTo("renew");
        assertThat(policy.ruleFor("/openapi/openkey/renew/").name).isEqualTo("renew");
        assertThat(policy.ruleFor("/openapi/openkey/renewal").name).as("not the exact path").isEqualTo("all");
        assertThat(policy.ruleFor("/openapi/v3/user/get_info").name).isEqualTo("all");
        assertThat(policy.ruleFor("/public/page").apiKey).isFalse();
        assertThat(policy.ruleFor("/elsewhere")).isNull();
    }

    @Test
    void aConfigurationThatLeavesAKeyedEndpointOpenDoesNotStart() {
        Map<String, IngressConfig.Endpoint> none = new LinkedHashMap<>();
        assertThatThrownBy(() -> new IngressPolicy(config(none), KEYS)).isInstanceOf(IllegalStateException.class)
                .hasMessage("bundle.http.endpoints: /tokens/{credential} must be covered by an endpoint with policy"
                        + " api-key, none lists /tokens/om");

        Map<String, IngressConfig.Endpoint> permitted = keyedDefaults();
        permitted.put("tze-messages", endpoint(List.of("/tze/messages"), IngressConfig.Policy.PERMIT, 100));
        assertThatThrownBy(() -> new IngressPolicy(config(permitted), KEYS))
                .hasMessage("bundle.http.endpoints: /tze/messages must be covered by an endpoint with policy api-key, "
                        + "tze-messages has policy permit");
    }

    /** A path parameter is covered whatever its value: no credential or person is left open. */
    @Test
    void anEndpointCoveredForSomeValuesOfItsParameterOnlyDoesNotStart() {
        Map<String, IngressConfig.Endpoint> narrowed = new LinkedHashMap<>();
        narrowed.put("tokens", endpoint(List.of("/tokens/om"), IngressConfig.Policy.API_KEY, 100));
        narrowed.put("rest", endpoint(List.of("/tze/*", "/openapi/*"), IngressConfig.Policy.API_KEY, 100));
        assertThatThrownBy(() -> new IngressPolicy(config(narrowed), KEYS))
                .hasMessage("bundle.http.endpoints: /tokens/{credential} must be covered by an endpoint with policy"
                        + " api-key, none lists /tokens/unlisted-value");

        narrowed.put("tokens", endpoint(List.of("/tokens/*"), IngressConfig.Policy.API_KEY, 100));
        narrowed.put("open-binding", endpoint(List.of("/tze/bindings/u*"), IngressConfig.Policy.PERMIT, 0));
        assertThatThrownBy(() -> new IngressPolicy(config(narrowed), KEYS))
                .hasMessage("bundle.http.endpoints: /tze/bindings/{personId} must be covered by an endpoint with"
                        + " policy api-key, open-binding has policy permit");
    }

    @Test
    void anEndpointWhoseLargestBodyExceedsTheWholeBudgetDoesNotStart() {
        Map<String, IngressConfig.Endpoint> endpoints = keyedDefaults();
        endpoints.put("uploads", endpoint(List.of("/uploads"), IngressConfig.Policy.API_KEY, (1 << 20) + 1));
        assertThatThrownBy(() -> new IngressPolicy(config(endpoints), KEYS))
                .hasMessage("bundle.http.endpoints.uploads.max-body-size (1048577 bytes) exceeds"
                        + " bundle.http.max-buffered-bodies (1048576 bytes): its requests would always be refused as busy");
        endpoints.put("uploads", endpoint(List.of("/uploads"), IngressConfig.Policy.API_KEY, 1 << 20));
        assertThat(new IngressPolicy(config(endpoints), KEYS)).as("the whole budget for one body is allowed")
                .isNotNull();
    }

    /** One keyed rule covering every endpoint for internal servers. */
    private static Map<String, IngressConfig.Endpoint> keyedDefaults() {
        Map<String, IngressConfig.Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("all", endpoint(List.of("/tokens/*", "/tze/*", "/openapi/*"), IngressConfig.Policy.API_KEY, 100));
        return endpoints;
    }

    private static IngressConfig.Endpoint endpoint(List<String> paths, IngressConfig.Policy policy, long maxBody) {
        return new IngressConfig.Endpoint() {
            @Override
            public List<String> paths() {
                return paths;
            }

            @Override
            public IngressConfig.Policy policy() {
                return policy;
            }

            @Override
            public MemorySize maxBodySize() {
                return new MemorySize(java.math.BigInteger.valueOf(maxBody));
            }
        };
    }

    private static IngressConfig config(Map<String, IngressConfig.Endpoint> endpoints) {
        return new IngressConfig() {
            @Override
            public MemorySize maxBufferedBodies() {
                return new MemorySize(java.math.BigInteger.valueOf(1 << 20));
            }

            @Override
            public Map<String, Endpoint> endpoints() {
                return endpoints;
            }
        };
    }
}
