package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/** Where TokenApiFastPath puts itself in the HTTP router, and that tokens.fast-path=false keeps it out. */
class TokenApiFastPathTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void registersAGetRouteForTheTokensPathAheadOfRoutesWithoutAnExplicitOrder() {
        Router router = Router.router(vertx);
        router.route("/tokens/:credential"); // what Camel's platform-http adds: Vert.x numbers it from 0
        new TokenApiFastPath(null, null, null, config(true)).register(router);

        Route fastPath = router.getRoutes().stream().filter(r -> r.methods() != null && !r.methods().isEmpty())
                .findFirst().orElseThrow();
        assertThat(fastPath.getPath()).isEqualTo("/tokens/:credential");
        assertThat(fastPath.methods()).extracting(Object::toString).containsExactly("GET");
        assertThat(router.getRoutes().get(0)).isSameAs(fastPath);
    }

    @Test
    void addsNothingWhenDisabled() {
        Router router = Router.router(vertx);
        new TokenApiFastPath(null, null, null, config(false)).register(router);
        assertThat(router.getRoutes()).isEmpty();
    }

    private static TokenConfig config(boolean fastPath) {
        return (TokenConfig) Proxy.newProxyInstance(TokenApiFastPathTest.class.getClassLoader(),
                new Class<?>[]{TokenConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("fastPath")) {
                        return fastPath;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
