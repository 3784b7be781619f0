package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Requests, templates and validation without Camel: the shipped templates under routes/templates/tze, and
 * every bad input of issue 5 that is refused before anything is sent.
 */
class TzeMessagesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final TzeMessages messages = new TzeMessages();
    private final TzeTemplateRendering rendering = new TzeTemplateRendering(
            new TzeTemplates(Path.of("routes/templates/tze")));

    /** The first steps of direct:tze-send: read, render if there is a template, validate. */
    private TzeDispatch prepare(String request) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(request);
        messages.read(exchange);
        if (exchange.getMessage().getHeader(TzeTemplateRendering.TEMPLATE) != null) {
            rendering.process(exchange);
        }
        messages.validate(exchange);
        return exchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class);
    }

    private InvalidTzeRequestException refused(String request) {
        InvalidTzeRequestException e = catchThrowableOfType(InvalidTzeRequestException.class,
                () -> prepare(request));
        assertThat(e).as("refused: %s", request).isNotNull();
        return e;
    }

    private static String oa(String head, String bgColor, String imageUrl, int formEntries) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < formEntries; i++) {
            form.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":\"v\"}");
        }
        return "{\"personIds\":[\"p1\"],\"message\":{\"msgtype\":\"oa\",\"busiId\":\"b1\","
                + "\"pcUrl\":\"https://example.com/pc\",\"appUrl\":\"https://example.com/app\",\"oa\":{\"head\":{\"text\":\""
                + head + "\",\"bgColor\":\"" + bgColor + "\"},\"body\":{\"title\":\"t\",\"imageUrl\":\"" + imageUrl
                + "\",\"form\":[" + form + "]}}}}";
    }

    @Test
    void theTextSampleRendersIntoAValidWireMessage() throws Exception {
        TzeDispatch d = prepare("{\"personIds\":[\"p1\",\"p2\",\"p1\"],\"template\":\"text-notice\","
                + "\"data\":{\"name\":\"张三\",\"notice\":\"明天 \\\"停课\\\"\\n{}\"}}");
        assertThat(d.request().personIds()).containsExactly("p1", "p2");
        JsonNode wire = json.readTree(d.wire());
        assertThat(wire.get("msgtype").asText()).isEqualTo("text");
        // values with quotes, newlines and braces stay inside their JSON string
        assertThat(wire.at("/text/content").asText()).isEqualTo("张三，您好：明天 \"停课\"\n{}");
    }

    @Test
    void theLinkAndOaSamplesRenderWithDefaultsForOptionalPlaceholders() throws Exception {
        JsonNode link = json.readTree(prepare("{\"personIds\":[\"p1\"],\"template\":\"link-news\",\"data\":"
                + "{\"title\":\"News\",\"summary\":\"S\",\"url\":\"https://example.com/n/1\","
                + "\"picUrl\":\"https://example.com/n/1.png\",\"newsId\":42}}").wire());
        assertThat(link.at("/link/busiId").asText()).isEqualTo("news-42");
        assertThat(link.at("/link/appUrl").asText()).isEqualTo("https://example.com/n/1");
        JsonNode oa = json.readTree(prepare("{\"personIds\":[\"p1\"],\"template\":\"oa-approval\",\"data\":"
                + "{\"requestId\":\"r-7\",\"url\":\"https://example.com/a/7\",\"title\":\"报销\",\"content\":\"c\","
                + "\"applicant\":\"李四\",\"kind\":\"差旅\",\"amount\":1234.5}}").wire());
        assertThat(oa.at("/oa/head/bgColor").asText()).isEqualTo("FFCC0000");
        assertThat(oa.at("/oa/head/text").asText()).isEqualTo("审批通知");
        assertThat(oa.at("/oa/body/form/2/value").asText()).isEqualTo("1234.5");
    }

    @Test
    void malformedJsonIsRefused() {
        assertThat(refused("{\"personIds\":[\"p1\"],").problems()).singleElement().asString()
                .startsWith("$: malformed JSON");
    }

    @Test
    void anUnknownTemplateIsRefusedNamingTheKnownOnes() {
        assertThat(refused("{\"personIds\":[\"p1\"],\"template\":\"no-such\",\"data\":{}}").problems())
                .singleElement().asString().contains("unknown template 'no-such'").contains("text-notice");
        assertThat(refused("{\"personIds\":[\"p1\"],\"template\":\"../../pom\"}").problems()).singleElement()
                .asString().contains("is not a template name");
    }

    @Test
    void aPlaceholderWithNoValueIsAnErrorNamingItAndWhereItIs() {
        InvalidTzeRequestException e = refused("{\"personIds\":[\"p1\"],\"template\":\"text-notice\","
                + "\"data\":{\"name\":\"张三\"}}");
        assertThat(e.problems()).containsExactly("text.content: placeholder 'notice' has no value in data");
        assertThat(refused("{\"personIds\":[\"p1\"],\"template\":\"text-notice\"}").problems())
                .singleElement().asString().contains("'name'");
    }

    @Test
    void aHeadTextOf256CharactersIsRefusedAfterRendering() {
        InvalidTzeRequestException e = refused("{\"personIds\":[\"p1\"],\"template\":\"oa-approval\",\"data\":"
                + "{\"requestId\":\"r\",\"url\":\"https://example.com/a\",\"title\":\"t\",\"content\":\"c\","
                + "\"applicant\":\"a\",\"kind\":\"k\",\"amount\":1,\"headText\":\"" + "头".repeat(256) + "\"}}");
        assertThat(e.problems()).containsExactly(
                "template 'oa-approval' rendered: oa.head.text: 256 characters, at most 255");
        assertThat(refused(oa("x".repeat(256), "FFCC0000", "https://example.com/i.png", 1)).problems())
                .containsExactly("message.oa.head.text: 256 characters, at most 255");
    }

    @Test
    void sevenFormEntriesAreRefused() {
        assertThat(refused(oa("h", "FFCC0000", "https://example.com/i.png", 7)).problems())
                .containsExactly("message.oa.body.form: 7 entries, at most 6");
    }

    @Test
    void aBgColorWith0xIsRefused() {
        assertThat(refused(oa("h", "0xFFCC0000", "https://example.com/i.png", 1)).problems()).singleElement()
                .asString().startsWith("message.oa.head.bgColor: '0xFFCC0000' must not start with 0x");
    }

    @Test
    void aPictureUrlThatIsNotAbsoluteHttpIsRefused() {
        assertThat(refused(oa("h", "FFCC0000", "/i.png", 1)).problems()).singleElement()
                .asString().contains("oa.body.imageUrl").contains("not an absolute http(s) URL");
        assertThat(refused("{\"personIds\":[\"p1\"],\"template\":\"link-news\",\"data\":{\"title\":\"t\","
                + "\"summary\":\"s\",\"url\":\"https://example.com/n\",\"picUrl\":\"ftp://example.com/p.png\","
                + "\"newsId\":1}}").problems()).singleElement().asString()
                .isEqualTo("template 'link-news' rendered: link.picUrl: 'ftp://example.com/p.png' is not an absolute"
                        + " http(s) URL");
    }

    @Test
    void requestShapeProblemsAreListedTogether() {
        assertThat(refused("{\"personIds\":[],\"template\":\"text-notice\",\"message\":{},\"extra\":1}").problems())
                .contains("extra: unknown field", "personIds: must be a non-empty JSON array of strings",
                        "$: exactly one of 'template' and 'message' is required");
    }

    /** A personId with a control character is refused naming it (PostgreSQL cannot even store U+0000). */
    @Test
    void aPersonIdWithAControlCharacterIsRefusedNamingIt() {
        InvalidTzeRequestException e = refused(
                "{\"personIds\":[\"ok\",\"a\\u0000b\"],\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}}");
        assertThat(e.problems()).contains("personIds[1]: contains a control character (U+0000 at index 1)");
    }

    /** A line of a million bad entries gives a bounded reason (replies, reports and logs quote it). */
    @Test
    void theProblemsOfARequestAreBounded() {
        StringBuilder ids = new StringBuilder("1");
        for (int i = 1; i < 100_000; i++) {
            ids.append(",1");
        }
        String longName = "x".repeat(10_000);
        InvalidTzeRequestException e = refused("{\"personIds\":[" + ids + "],\"message\":{},\"" + longName + "\":1}");
        assertThat(e.problems()).hasSize(ProblemList.MAX_PROBLEMS + 1)
                .allMatch(p -> p.length() <= ProblemList.MAX_PROBLEM_LENGTH + 3);
        assertThat(e.problems().get(0)).startsWith("xxx").endsWith("...");
        assertThat(e.problems().get(1)).isEqualTo("personIds[0]: must be a non-empty string");
        assertThat(e.problems().get(ProblemList.MAX_PROBLEMS)).isEqualTo("and 99981 more problems");
        assertThat(e.getMessage()).hasSizeLessThan(10_000);
    }

    /** The notes the file drop adds to a .failed.jsonl line do not stop it being sent again. */
    @Test
    void theReplayNotesOfAFailedLineAreIgnored() throws Exception {
        TzeSendRequest request = TzeSendRequest.parse("{\"personIds\":[\"p\"],\"template\":\"text-notice\","
                + "\"_line\":3,\"_reason\":\"p: TZE message endpoint answered HTTP 503\"}");
        assertThat(request.personIds()).containsExactly("p");
        assertThat(request.template()).isEqualTo("text-notice");
    }

    /** Two requests as one line or message, a field named twice, bytes that are not UTF-8: refused. */
    @Test
    void whatWouldBeSentOtherwiseThanWrittenIsRefused() {
        String one = "{\"personIds\":[\"p\"],\"template\":\"text-notice\"}";
        assertThat(refused(one + "\n" + one.replace("\"p\"", "\"q\"")).problems())
                .containsExactly("$: more than one JSON value");
        assertThat(refused("{\"personIds\":[\"p\"],\"personIds\":[\"q\"],\"template\":\"t\"}").problems())
                .singleElement().asString().startsWith("$: malformed JSON at line 1")
                .contains("Duplicate field 'personIds'");
        Exchange bytes = new DefaultExchange(new DefaultCamelContext());
        bytes.getMessage().setBody(one.replace("\"p\"", "\"张三\"").getBytes(java.nio.charset.Charset.forName("GBK")));
        assertThat(catchThrowableOfType(InvalidTzeRequestException.class, () -> messages.read(bytes)).problems())
                .containsExactly("$: not valid UTF-8 (byte 15)");
        bytes.getMessage().setBody(("\uFEFF" + one).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        messages.read(bytes);
        assertThat(bytes.getProperty(TzeMessages.REQUEST, TzeSendRequest.class).personIds()).containsExactly("p");
    }
}
