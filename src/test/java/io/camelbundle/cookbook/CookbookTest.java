package io.camelbundle.cookbook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.sandbox.OmSandbox;
import io.camelbundle.sandbox.OpenApiSandbox;
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
    OpenApiSandbox openApi;

    @Inject
    TokenControl tokens;

    @Inject
    OmSandbox omSandbox;

    @Inject
    ProducerTemplate producer;

    @Test
    void theDocumentHasTheRecipesThisTestRuns() {
        assertThat(Cookbook.recipes()).containsKeys(1, 2, 3, 4, 5, 6);
    }

    @Test
    void recipe2WritesEachAnswerToAFile() throws Exception {
        Path folder = Path.of(CookbookProfile.USER_REPORT_FOLDER);
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(folder).size() >= 2);
        for (Path answer : answers(folder)) {
            String text = Files.readString(answer, StandardCharsets.UTF_8);
            assertThat(new ObjectMapper().readTree(text).get("nickname").asText()).startsWith("沙箱用户");
            assertThat(text).doesNotContain(CookbookProfile.USER_REPORT_OPENKEY);
        }
        // other recipes call the sandbox too: the timer's next call shows what it sends
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openApi.lastParams())
                .as("what the sandbox received").containsEntry("openkey", CookbookProfile.USER_REPORT_OPENKEY)
                .containsKey("sig"));
    }

    /** A user's session sent to recipe 5's route, as another route of the caller's would. */
    private Exchange userNickname(String openkey) {
        return producer.request("direct:user-nickname", e -> {
            e.getMessage().setBody("{\"openid\":\"0000000000000000000000000A1B2C3D\",\"openkey\":\"" + openkey
                    + "\",\"pf\":\"qzone\"}");
            e.getMessage().setHeader("UserIp", "112.90.139.30");
            e.getMessage().setHeader("Authorization", "Bearer caller-only");
        });
    }

    @Test
    void recipe5SignsAndCallsThroughTheProxy() {
        Exchange exchange = userNickname("k~ *+/=");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(String.class)).startsWith("沙箱用户");
        assertThat(CookbookProfile.PROXY.getAllServeEvents()).as("what went through the proxy")
                .anySatisfy(event -> {
                    assertThat(event.getRequest().getAbsoluteUrl()).contains("/sandbox/openapi/v3/user/get_info?");
                    assertThat(event.getRequest().containsHeader("Authorization")).isFalse();
                    assertThat(event.getRequest().containsHeader("UserIp")).isFalse();
                    assertThat(event.getRequest().queryParameter("userip").firstValue()).isEqualTo("112.90.139.30");
                    assertThat(event.getRequest().queryParameter("openkey").firstValue()).isEqualTo("k~ *+/=");
                });
    }

    @Test
    void recipe5FailsWithTheExceptionOfTheRet() {
        Exchange exchange = userNickname("expired-1");
        assertThat(exchange.getException()).isInstanceOf(io.camelbundle.openapi.OpenApiLoginGoneException.class)
                .message().doesNotContain("expired-1");
    }

    private static List<Path> answers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("get_info-.*\\.json")).sorted().toList();
        }
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

    @Test
    void recipe6FetchesTzesPlatformAccessTokenThroughItsRoute() {
        assertThat(tokens.credentials()).contains("tze");
        String token = given().header("Authorization", "Bearer " + KEY).when().get("/tokens/tze").then()
                .statusCode(200).extract().jsonPath().getString("access_token");
        assertThat(token).isEqualTo(tze.acceptedAccessToken().orElseThrow());
        assertThat(tze.platformTokensIssued()).as("fetched from the token endpoint, not read from tze.access-token")
                .isPositive();
        assertThat(tokens.peek("tze").expiresAt() - tokens.peek("tze").issuedAt())
                .as("the endpoint's expiresIn, 7200 s").isEqualTo(7_200_000);
    }

    private static String event(String docId, String userAction) {
        return "{\"IP\":\"10.1.1.191\",\"doc_id\":\"" + docId + "\",\"sub_ch\":\"快报推荐流\",\"user_action\":"
                + userAction + ",\"source\":\"2\",\"ts\":1510662363}";
    }

    @Test
    void recipe1ReportsTheSecondInboxsEventsUnderItsOwnDataSource() throws Exception {
        Path inbox = Path.of(CookbookProfile.PARTNER_B_INBOX);
        Files.createDirectories(inbox);
        String docId = "partner-b-" + CookbookProfile.RUN;
        String valid = event(docId + "-1", "2");
        String invalid = event(docId + "-2", "\"not a number\"");
        String second = event(docId + "-3", "1").replace("user_action", "USER_ACTION");
        Path staged = inbox.resolveSibling("events.jsonl.tmp");
        Files.writeString(staged, valid + "\n" + invalid + "\n\n" + second + "\n", StandardCharsets.UTF_8);
        Files.move(staged, inbox.resolve("events.jsonl"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("done/events.jsonl")));
        List<JsonNode> mine = omSandbox.receivedEvents().stream()
                .filter(e -> e.path("doc_id").asText().startsWith(docId)).toList();
        assertThat(mine).extracting(e -> e.path("doc_id").asText()).containsExactlyInAnyOrder(docId + "-1",
                docId + "-3");
        assertThat(mine).allSatisfy(e -> assertThat(e.path("data_source").asText()).isEqualTo("partner-b-app"));
        assertThat(Files.readString(inbox.resolve("rejected/events.jsonl.rejected.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo(invalid + "\n");
    }
}
