package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.camelbundle.token.IssuedToken;
import io.camelbundle.token.RouteTokenSource;
import io.camelbundle.token.TokenAcquisitionException;
import io.camelbundle.token.TokenSource;

/**
 * The static TZE platform accessToken (tze.token.mode=static). Route mode is a RouteTokenSource whose route is
 * docs/routes.md recipe 6, which CookbookTest runs against the sandbox's token endpoint.
 */
class TzeTokenSourceTest {

    @Test
    void staticTokenIsTheConfiguredSecretWithALongLifetime() throws Exception {
        TzeTokenSource source = new TzeTokenSource(Optional.of("static-tze"), Duration.ofDays(1));
        assertThat(source.credential()).isEqualTo("tze");
        assertThat(source.configured()).isTrue();
        IssuedToken token = source.acquire();
        assertThat(token.accessToken()).isEqualTo("static-tze");
        assertThat(token.lifetime()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void staticModeWithoutATokenIsNotConfigured() {
        TzeTokenSource source = new TzeTokenSource(Optional.of(" "), Duration.ofDays(1));
        assertThat(source.configured()).isFalse();
        assertThatThrownBy(source::acquire).isInstanceOf(TokenAcquisitionException.class)
                .hasMessage("tze.access-token is not configured");
    }

    private static TzeConfig.Token mode(TzeConfig.Token.Mode mode) {
        return new TzeConfig.Token() {
            @Override
            public Mode mode() {
                return mode;
            }

            @Override
            public Duration staticLifetime() {
                return Duration.ofDays(1);
            }

            @Override
            public String fetchUri() {
                return "direct:token-fetch-tze";
            }

            @Override
            public Optional<String> url() {
                return Optional.of("https://tze.example/token");
            }

            @Override
            public Map<String, String> params() {
                return Map.of();
            }
        };
    }

    @Test
    void routeModeFetchesWithTheRouteAndTheFormerEndpointModeSaysWhereItWent() {
        TokenSource route = TzeBeans.tokenSource(mode(TzeConfig.Token.Mode.ROUTE), Optional.empty(),
                new DefaultCamelContext());
        assertThat(route).isInstanceOf(RouteTokenSource.class);
        assertThat(((RouteTokenSource) route).fetchUri()).isEqualTo("direct:token-fetch-tze");
        assertThat(route.credential()).isEqualTo("tze");
        assertThat(route.configured()).isTrue();
        assertThatThrownBy(() -> TzeBeans.tokenSource(mode(TzeConfig.Token.Mode.ENDPOINT), Optional.empty(),
                new DefaultCamelContext())).hasMessageContaining("tze.token.mode=route")
                .hasMessageContaining("recipe 6");
    }
}
