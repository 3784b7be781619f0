package io.camelbundle.om;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

/** The data return request on the wire, in both modes, and how answers are classified. */
class OmDataClientTest {

    private static final String MSG = "{\"sub_ch\":\"快报推荐流\",\"doc_id\":\"a&b=c+d %\"}";

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(post(urlPathEqualTo("/data/receiveclient")).willReturn(okJson("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":{}}")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** A generous timeout: a cold JVM on a busy 2-core machine can take a second for the first request. */
    private OmDataClient client(OmDataClient.Mode mode) {
        return client(mode, Duration.ofSeconds(10));
    }

    private OmDataClient client(OmDataClient.Mode mode, Duration timeout) {
        return new OmDataClient(server.baseUrl(), mode, Duration.ofSeconds(5), timeout);
    }

    @Test
    void formModeSendsAccessTokenAndMsgAsAUtf8FormBody() {
        OmAnswer answer = client(OmDataClient.Mode.FORM).send("TOKEN-1", MSG);
        assertThat(answer.success()).isTrue();
        server.verify(postRequestedFor(urlPathEqualTo("/data/receiveclient"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded; charset=UTF-8"))
                .withFormParam("access_token", equalTo("TOKEN-1"))
                .withFormParam("msg", equalTo(MSG)));
        assertThat(server.getAllServeEvents().get(0).getRequest().getQueryParams()).isEmpty();
    }

    @Test
    void queryModeSendsThemAsQueryParameters() {
        client(OmDataClient.Mode.QUERY).send("TOKEN-1", MSG);
        server.verify(postRequestedFor(urlPathEqualTo("/data/receiveclient"))
                .withQueryParam("access_token", equalTo("TOKEN-1"))
                .withQueryParam("msg", equalTo(MSG)));
    }

    @Test
    void stringAndNumericCodesAreBothSuccess() {
        server.stubFor(post(urlPathEqualTo("/data/receiveclient")).willReturn(okJson("{\"code\":\"0\"}")));
        assertThat(client(OmDataClient.Mode.FORM).send("T", MSG).success()).isTrue();
    }

    @Test
    void serverErrorsRateLimitsAndGarbageAreTransient() {
        for (int status : new int[] { 500, 502, 503, 429 }) {
            server.stubFor(post(urlPathEqualTo("/data/receiveclient")).willReturn(aResponse().withStatus(status)));
            assertThatThrownBy(() -> client(OmDataClient.Mode.FORM).send("T", MSG))
                    .isInstanceOf(OmDeliveryException.class).hasMessage("OM answered HTTP " + status)
                    .matches(e -> ((OmDeliveryException) e).transientFailure());
        }
        server.stubFor(post(urlPathEqualTo("/data/receiveclient")).willReturn(aResponse().withStatus(200).withBody("<html>")));
        assertThatThrownBy(() -> client(OmDataClient.Mode.FORM).send("T", MSG))
                .matches(e -> ((OmDeliveryException) e).transientFailure());
    }

    @Test
    void timeoutIsTransientAndNeverQuotesTheToken() {
        server.stubFor(post(urlPathEqualTo("/data/receiveclient")).willReturn(okJson("{}").withFixedDelay(3000)));
        OmDataClient client = client(OmDataClient.Mode.QUERY, Duration.ofMillis(800));
        assertThatThrownBy(() -> client.send("SECRET-TOKEN", MSG))
                .isInstanceOf(OmDeliveryException.class).hasMessage("OM did not answer within PT0.8S");
        server.stop();
        assertThatThrownBy(() -> client.send("SECRET-TOKEN", MSG))
                .hasMessageStartingWith("OM unreachable").message().doesNotContain("SECRET-TOKEN");
    }
}
