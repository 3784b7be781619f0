package io.camelbundle.cookbook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.PartnerSandboxResource;
import io.camelbundle.sandbox.TzeSandbox;
import io.camelbundle.support.Broker;
import io.camelbundle.token.TokenControl;
import io.camelbundle.tze.TzeMessage;
import io.camelbundle.tze.TzeTestBindings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Each recipe of docs/routes.md, exactly as documented, against the sandbox. */
@QuarkusTest
@TestProfile(CookbookProfile.class)
class CookbookTest {

    private static final String KEY = "test-api-key-5b2c";

    @Inject
    TzeSandbox tze;

    @Inject
    PartnerSandboxResource partner;

    @Inject
    TokenControl tokens;

    @Inject
    ProducerTemplate producer;

    @Test
    void theDocumentHasTheRecipesThisTestRuns() {
        assertThat(Cookbook.recipes()).containsKeys(3, 4);
    }

    @Test
    void recipe3SendsTheTemplateToThePersonOnEachQueueMessage() throws Exception {
        Broker.assertReachable();
        String person = "shift-" + UUID.randomUUID();
        TzeTestBindings.bind(tze, person);
        Broker.publish(CookbookProfile.SHIFT_QUEUE, List.of("{\"person\":\"" + person
                + "\",\"data\":{\"name\":\"赵六\",\"notice\":\"早班 6:00\"}}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tze.deliveredTo(person))
                .extracting(d -> ((TzeMessage.TextMessage) d.message()).content())
                .containsExactly("赵六，您好：早班 6:00"));
    }

    @Test
    void recipe4FetchesTheDeclaredCredentialsTokenThroughItsRoute() {
        String token = given().header("Authorization", "Bearer " + KEY).when().get("/tokens/partner").then()
                .statusCode(200).extract().jsonPath().getString("access_token");
        assertThat(token).startsWith("partner-");
        assertThat(partner.issued()).isPositive();
        Exchange viaKamelet = producer.request("kamelet:access-token-action?credential=partner", e -> {
        });
        assertThat(viaKamelet.getMessage().getHeader("access_token")).isEqualTo(token);
        assertThat(tokens.accessToken("partner")).isEqualTo(token);
    }
}
