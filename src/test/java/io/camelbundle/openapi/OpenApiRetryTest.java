package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Attempts are counted per call, and a redelivery signs the call as it came in. */
class OpenApiRetryTest {

    private static final String SAFE = "/v3/user/get_info";
    private final OpenApiSign sign = new OpenApiSign(new OpenApiSigner("retry-test-appkey"), "1234", "json", "utf-8");
    private final OpenApiRetry retry = new OpenApiRetry(Set.of(SAFE), 3);

    private static Exchange call(Exchange exchange, String path) {
        exchange.getMessage().setHeader(OpenApiSign.PATH, path);
        exchange.getMessage().setBody(Map.of("openid", "A", "openkey", "k", "pf", "qzone"));
        return exchange;
    }

    @Test
    void aSafeCallIsSentAtMostMaxAttemptsTimes() {
        Exchange exchange = call(new DefaultExchange(new DefaultCamelContext()), SAFE);
        sign.process(exchange);
        assertThat(retry.again(exchange)).isTrue();
        retry.process(exchange);
        assertThat(exchange.getMessage().getBody(Map.class)).containsEntry("openkey", "k").doesNotContainKey("sig");
        assertThat(exchange.getMessage().getHeader(OpenApiSign.PATH)).isEqualTo(SAFE);
        sign.process(exchange); // attempt 2
        assertThat(retry.again(exchange)).isTrue();
        retry.process(exchange);
        sign.process(exchange); // attempt 3
        assertThat(exchange.getProperty(OpenApiSign.ATTEMPT)).isEqualTo(3);
        assertThat(retry.again(exchange)).isFalse();
    }

    @Test
    void theNextCallOfTheSameExchangeStartsAtAttemptOne() {
        Exchange exchange = call(new DefaultExchange(new DefaultCamelContext()), SAFE);
        sign.process(exchange);
        retry.process(exchange);
        sign.process(exchange);
        assertThat(exchange.getProperty(OpenApiSign.ATTEMPT)).isEqualTo(2);
        sign.process(call(exchange, SAFE)); // a route's second call, not a redelivery
        assertThat(exchange.getProperty(OpenApiSign.ATTEMPT)).isEqualTo(1);
    }

    @Test
    void callsNotSafeToRepeatAndCallsRefusedBeforeSigningAreNotRepeated() {
        Exchange unsafe = call(new DefaultExchange(new DefaultCamelContext()), "/v3/relation/send_gift");
        sign.process(unsafe);
        assertThat(retry.again(unsafe)).isFalse();
        assertThat(retry.again(new DefaultExchange(new DefaultCamelContext()))).isFalse();
    }
}
