package io.camelbundle.tze;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.sandbox.Faults;
import io.camelbundle.sandbox.TzeSandbox;
import io.camelbundle.support.PrometheusScrape;
import io.camelbundle.token.TokenControl;
import io.camelbundle.tze.TzeMessage.TextMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * POST /tze/messages and the Kamelet tze-send-message-action against the TZE sandbox: every message type
 * from its sample template, one result per person, bindings touched, unbound and refused persons, Camel
 * redelivery of 5xx and timeouts, and the bad inputs that send nothing.
 */
@QuarkusTest
class TzeMessagesApiTest {

    private static final String SENDS = "bundle_tze_sends_total";

    @Inject
    TzeSandbox sandbox;

    @Inject
    TzeBindingStore bindings;

    @Inject
    ProducerTemplate producer;

    @Inject
    TokenControl tokens;

    @Inject
    MeterRegistry registry;

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void clearFaults() {
        sandbox.messageFaults().clear();
    }

    private static String person() {
        return "person-" + UUID.randomUUID();
    }

    private static JsonPath post(String body, int status) {
        return given().header("Authorization", "Bearer " + TzeTestBindings.KEY).contentType("application/json")
                .body(body).when().post("/tze/messages").then().statusCode(status).extract().jsonPath();
    }

    private static String text(String... persons) {
        return "{\"personIds\":" + ids(persons) + ",\"template\":\"text-notice\","
                + "\"data\":{\"name\":\"张三\",\"notice\":\"明天停课\"}}";
    }

    private static String ids(String... persons) {
        return "[\"" + String.join("\",\"", persons) + "\"]";
    }

    @Test
    void eachSampleTemplateReachesABoundPersonAndTouchesTheBinding() {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        TzeBinding before = bindings.find(person).orElseThrow();

        JsonPath r = post(text(person), 200);
        assertThat(r.getInt("sent")).isEqualTo(1);
        assertThat(r.getString("results[0].status")).isEqualTo("sent");
        post("{\"personIds\":" + ids(person) + ",\"template\":\"link-news\",\"data\":{\"title\":\"新闻\","
                + "\"summary\":\"s\",\"url\":\"https://example.com/n/1\",\"picUrl\":\"https://example.com/n/1.jpg\","
                + "\"newsId\":1}}", 200);
        post("{\"personIds\":" + ids(person) + ",\"template\":\"oa-approval\",\"data\":{\"requestId\":\"r1\","
                + "\"url\":\"https://example.com/a/1\",\"title\":\"报销\",\"content\":\"c\",\"applicant\":\"李四\","
                + "\"kind\":\"差旅\",\"amount\":12}}", 200);

        List<TzeSandbox.Delivered> delivered = sandbox.deliveredTo(person);
        assertThat(delivered).extracting(d -> d.message().msgtype()).containsExactly("text", "link", "oa");

        assertThat(((TextMessage) delivered.get(0).message()).content()).isEqualTo("张三，您好：明天停课");
        TzeBinding after = bindings.find(person).orElseThrow();
        assertThat(after.lastUsedAt()).isPositive();
        assertThat(after.expiresAt()).isGreaterThanOrEqualTo(before.expiresAt());
    }

    @Test
    void aReadyMessageGoesToSeveralPersonsWithOneResultEach() {
        String bound = person();
        String unknown = person();
        TzeTestBindings.bind(sandbox, bound);
        double sent = PrometheusScrape.value(SENDS, "outcome=\"sent\"");
        double unbound = PrometheusScrape.value(SENDS, "outcome=\"unbound\"");
        JsonPath r = post("{\"personIds\":" + ids(bound, unknown) + ",\"message\":{\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"hi\"}}}", 200);
        assertThat(r.getInt("sent")).isEqualTo(1);
        assertThat(r.getInt("failed")).isEqualTo(1);
        assertThat(r.getList("results.personId")).containsExactly(bound, unknown);
        assertThat(r.getString("results[1].status")).isEqualTo("unbound");
        assertThat(r.getString("results[1].reason")).contains("must authorise");
        // one count per person under its outcome (other tests may send meanwhile: at least)
        assertThat(PrometheusScrape.value(SENDS, "outcome=\"sent\"")).isGreaterThanOrEqualTo(sent + 1);
        assertThat(PrometheusScrape.value(SENDS, "outcome=\"unbound\"")).isGreaterThanOrEqualTo(unbound + 1);
    }

    @Test
    void aCallersSentKeyHeaderMarksNothingAsAlreadySent() {
        // TzeSentKey is the bundle's own per-person key; a caller setting it must not skip persons or requests
        String first = person();
        String second = person();
        TzeTestBindings.bind(sandbox, first);
        TzeTestBindings.bind(sandbox, second);
        String key = "caller-" + UUID.randomUUID();
        for (int request = 0; request < 2; request++) {
            JsonPath r = given().header("Authorization", "Bearer " + TzeTestBindings.KEY)
                    .header(TzePersonSends.SENT_KEY, key).contentType("application/json").body(text(first, second))
                    .when().post("/tze/messages").then().statusCode(200).extract().jsonPath();
            assertThat(r.getList("results.status")).containsExactly("sent", "sent");
        }
        assertThat(sandbox.deliveredTo(first)).hasSize(2);
        assertThat(sandbox.deliveredTo(second)).hasSize(2);
    }

    @Test
    void aTokenTzeRefusesMarksTheBindingWithoutRetry() {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        sandbox.revoke(bindings.find(person).orElseThrow().oauthToken());
        int before = sandbox.messageRequests();
        JsonPath r = post(text(person), 200);
        assertThat(r.getString("results[0].status")).isEqualTo("binding_invalid");
        assertThat(r.getString("results[0].retCode")).isEqualTo(TzeSandbox.BAD_OAUTH_TOKEN);
        assertThat(sandbox.messageRequests() - before).isEqualTo(1);
        assertThat(bindings.find(person)).isEmpty();
        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).when().get("/tze/bindings/" + person)
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("\"state\":\"invalid\""));
        // and the next send does not even try
        assertThat(post(text(person), 200).getString("results[0].status")).isEqualTo("unbound");
        assertThat(sandbox.messageRequests() - before).isEqualTo(1);
    }

    @Test
    void aRefusedPlatformAccessTokenIsComparedExpiredRefreshedAndTheSendMadeOnceMore() {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        int requests = sandbox.messageRequests();
        double refreshes = tokenCounter("bundle.token.refreshes");
        double rejections = tokenCounter("bundle.token.rejections");
        long version = tokens.peek("tze").version();
        sandbox.messageFaults().failNext(Faults.Kind.TOKEN_INVALID, 1);

        JsonPath r = post(text(person), 200);
        assertThat(r.getString("results[0].status")).isEqualTo("sent");
        assertThat(sandbox.messageRequests() - requests).as("the send and exactly one retry").isEqualTo(2);
        assertThat(tokenCounter("bundle.token.rejections") - rejections).as("one compare-and-expire").isEqualTo(1);
        assertThat(tokenCounter("bundle.token.refreshes") - refreshes).as("one refresh").isEqualTo(1);
        assertThat(tokens.peek("tze").version()).as("a newly stored token").isGreaterThan(version);
        assertThat(sandbox.deliveredTo(person)).hasSize(1);
    }

    @Test
    void aPlatformAccessTokenRefusedAgainAfterTheRefreshEndsTheSendWithoutALoop() {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        int requests = sandbox.messageRequests();
        sandbox.messageFaults().rate(Faults.Kind.TOKEN_INVALID, 1.0);

        JsonPath r = post(text(person), 200);
        assertThat(r.getString("results[0].status")).isEqualTo("error");
        assertThat(r.getString("results[0].retCode")).isEqualTo(TzeSandbox.BAD_ACCESS_TOKEN);
        assertThat(r.getString("results[0].reason")).contains("again after a refresh")
                .doesNotContain(tokens.peek("tze").accessToken());
        assertThat(sandbox.messageRequests() - requests).as("the send and one retry, no redelivery").isEqualTo(2);
        assertThat(bindings.find(person)).as("the person's binding is not blamed").isPresent();
    }

    private double tokenCounter(String name) {
        return registry.counter(name, "credential", "tze").count();
    }

    @Test
    void http5xxAndTimeoutsAreRedeliveredWithBackoff() {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        sandbox.messageFaults().failNext(Faults.Kind.HTTP_500, 4);
        assertThat(post(text(person), 200).getString("results[0].status")).isEqualTo("sent");
        assertThat(sandbox.messageFaults().pending(Faults.Kind.HTTP_500)).isZero();

        sandbox.messageFaults().failNext(Faults.Kind.TIMEOUT, 1);
        assertThat(post(text(person), 200).getString("results[0].status")).isEqualTo("sent");
        assertThat(sandbox.messageFaults().pending(Faults.Kind.TIMEOUT)).isZero();
        assertThat(sandbox.deliveredTo(person)).hasSize(2);
    }

    @Test
    void persistent5xxEndsAsFailedAfterTheRedeliveries() {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        sandbox.messageFaults().failNext(Faults.Kind.HTTP_500, 6);
        JsonPath r = post(text(person), 200);
        assertThat(r.getString("results[0].status")).isEqualTo("failed");
        assertThat(r.getString("results[0].reason")).contains("HTTP 500");
        // one attempt and tze.retry.max-redeliveries (4) redeliveries, then given up
        assertThat(sandbox.messageFaults().pending(Faults.Kind.HTTP_500)).isEqualTo(1);
        assertThat(sandbox.deliveredTo(person)).isEmpty();
    }

    @Test
    void badInputsAreRefusedWith400AndSendNothing() {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        int before = sandbox.messageRequests();
        assertThat(post("{not json", 400).getList("problems", String.class)).singleElement().asString()
                .startsWith("$: malformed JSON");
        assertThat(post("{\"personIds\":" + ids(person) + ",\"template\":\"nope\"}", 400).getString("problems[0]"))
                .contains("unknown template 'nope'");
        assertThat(post("{\"personIds\":" + ids(person) + ",\"template\":\"text-notice\",\"data\":{\"name\":\"x\"}}",
                400).getString("problems[0]")).contains("placeholder 'notice' has no value");
        String oa = "{\"personIds\":" + ids(person) + ",\"message\":{\"msgtype\":\"oa\",\"busiId\":\"b\","
                + "\"pcUrl\":\"https://e.com/p\",\"appUrl\":\"https://e.com/a\",\"oa\":{\"head\":{\"text\":\"%s\","
                + "\"bgColor\":\"%s\"},\"body\":{\"imageUrl\":\"%s\",\"form\":[%s]}}}}";
        String entry = "{\"key\":\"k\",\"value\":\"v\"}";
        assertThat(post(oa.formatted("h".repeat(256), "FFCC0000", "https://e.com/i.png", entry), 400)
                .getString("problems[0]")).contains("256 characters, at most 255");
        assertThat(post(oa.formatted("h", "FFCC0000", "https://e.com/i.png", String.join(",", java.util.Collections
                .nCopies(7, entry))), 400).getString("problems[0]")).contains("7 entries, at most 6");
        assertThat(post(oa.formatted("h", "0xFFCC0000", "https://e.com/i.png", entry), 400).getString("problems[0]"))
                .contains("must not start with 0x");
        assertThat(post(oa.formatted("h", "FFCC0000", "e.com/i.png", entry), 400).getString("problems[0]"))
                .contains("not an absolute http(s) URL");
        assertThat(sandbox.messageRequests()).isEqualTo(before);
        assertThat(sandbox.deliveredTo(person)).isEmpty();
    }

    @Test
    void theEndpointNeedsAnApiKey() {
        given().contentType("application/json").body(text("p")).when().post("/tze/messages").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/json").body(text("p"))
                .when().post("/tze/messages").then().statusCode(401);
    }

    @Test
    void theKameletSendsANamedTemplate() throws Exception {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        String reply = producer.requestBody("kamelet:tze-send-message-action", text(person), String.class);
        JsonNode results = json.readTree(reply);
        assertThat(results.get("sent").asInt()).isEqualTo(1);
        assertThat(sandbox.deliveredTo(person)).hasSize(1);
    }

    @Test
    void theKameletFillsATemplateFromTheBodyForThePersonsGiven() throws Exception {
        String first = person();
        String second = person();
        TzeTestBindings.bind(sandbox, first);
        TzeTestBindings.bind(sandbox, second);
        String reply = producer.requestBodyAndHeader(
                "kamelet:tze-send-message-action?template=text-notice&personIds=" + first,
                java.util.Map.of("name", "赵六", "notice", "模板快捷方式"), "TzePersonIds", "ignored", String.class);
        assertThat(json.readTree(reply).get("sent").asInt()).isEqualTo(1);
        assertThat(sandbox.deliveredTo(first)).singleElement()
                .satisfies(d -> assertThat(d.message().toString()).contains("模板快捷方式"));

        reply = producer.requestBodyAndHeader("kamelet:tze-send-message-action?template=text-notice",
                "{\"name\":\"赵六\",\"notice\":\"header persons\"}", "TzePersonIds", first + "," + second, String.class);
        assertThat(json.readTree(reply).get("sent").asInt()).isEqualTo(2);
        assertThat(sandbox.deliveredTo(second)).hasSize(1);
    }

    @Test
    void theRenderKameletFillsATemplateAloneAndSendsNothing() throws Exception {
        int requests = sandbox.messageRequests();
        String message = producer.requestBody("kamelet:tze-render-template-action?template=text-notice",
                java.util.Map.of("name", "钱七", "notice", "单独渲染"), String.class);
        JsonNode rendered = json.readTree(message);
        assertThat(rendered.get("msgtype").asText()).isEqualTo("text");
        assertThat(rendered.toString()).contains("钱七", "单独渲染");
        assertThat(sandbox.messageRequests()).isEqualTo(requests);

        Exchange unknown = producer.request("kamelet:tze-render-template-action?template=no-such-template",
                e -> e.getMessage().setBody("{}"));
        assertThat(unknown.getException()).isInstanceOf(InvalidTzeRequestException.class);
        assertThat(((InvalidTzeRequestException) unknown.getException()).problems()).singleElement().asString()
                .contains("no-such-template");
    }
}
