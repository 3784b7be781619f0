package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.tze.TzeMessage.Body;
import io.camelbundle.tze.TzeMessage.FormEntry;
import io.camelbundle.tze.TzeMessage.Head;
import io.camelbundle.tze.TzeMessage.LinkMessage;
import io.camelbundle.tze.TzeMessage.OaMessage;
import io.camelbundle.tze.TzeMessage.TextMessage;

/** The three message kinds of seed 002: what is accepted, what is written on the wire, every rule. */
class TzeMessageValidatorTest {

    private final TzeMessageValidator validator = new TzeMessageValidator();
    private final ObjectMapper json = new ObjectMapper();

    /** Single quotes in test JSON keep the cases readable. */
    private static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private List<String> problemsOf(String message) {
        InvalidTzeMessageException e = catchThrowableOfType(InvalidTzeMessageException.class,
                () -> validator.parse(j(message)));
        assertThat(e).as("expected a rejection of %s", message).isNotNull();
        assertThat(e.getMessage()).startsWith("invalid TZE message: ");
        return e.problems();
    }

    private static String oa(String head, String body) {
        return "{'msgtype':'oa','busiId':'B1','pcUrl':'http://pc.example/a','appUrl':'https://app.example/a',"
                + "'oa':{'head':" + head + (body == null ? "" : ",'body':" + body) + "}}";
    }

    // --- the vendor's own examples ------------------------------------------------------------------------

    @Test
    void vendorTextExampleRoundTripsExactly() throws Exception {
        String wire = "{\"msgtype\":\"text\",\"text\":{\"content\":\"zhxy msg text test 12\"}}";
        TzeMessage message = validator.parse(wire);
        assertThat(message).isEqualTo(new TextMessage("zhxy msg text test 12"));
        assertThat(validator.toWireJson(message)).isEqualTo(wire);
    }

    @Test
    void vendorLinkExampleRoundTrips() throws Exception {
        String wire = j("{'msgtype':'link','link':{'pcUrl':'http://www.baidu.com','appUrl':'http://www.baidu.com',"
                + "'picUrl':'http://xxx.yyy.com/zzz.jpg','content':'百度一下','title':'百度','busiId':'AQWER1234'}}");
        TzeMessage message = validator.parse(wire);
        assertThat(message).isEqualTo(new LinkMessage("http://www.baidu.com", "http://www.baidu.com",
                "http://xxx.yyy.com/zzz.jpg", "百度", "AQWER1234", "百度一下"));
        assertThat(validator.toWire(message)).isEqualTo(json.readTree(wire));
    }

    @Test
    void fullOaMessageIsWrittenWithEveryVendorFieldName() throws Exception {
        String wire = j(oa("{'text':'审批通知','bgColor':'FF00AA11'}",
                "{'title':'T','content':'C','imageUrl':'https://img.example/p/x.PNG?size=big','fileCount':'3',"
                        + "'author':'张三','form':[{'key':'姓名','value':'李四'},{'key':'k2','value':'v2'}]}"));
        TzeMessage message = validator.parse(wire);
        assertThat(message).isEqualTo(new OaMessage("B1", "http://pc.example/a", "https://app.example/a",
                new Head("审批通知", "FF00AA11"), new Body("T", "C", "https://img.example/p/x.PNG?size=big", "3", "张三",
                        List.of(new FormEntry("姓名", "李四"), new FormEntry("k2", "v2")))));
        assertThat(validator.toWire(message)).isEqualTo(json.readTree(wire));
    }

    @Test
    void oaWithoutBgColorGetsTheVendorDefaultOnTheWire() throws Exception {
        TzeMessage message = validator.parse(j(oa("{'text':'hello'}", null)));
        assertThat(validator.toWireJson(message)).isEqualTo(j("{'msgtype':'oa','busiId':'B1',"
                + "'pcUrl':'http://pc.example/a','appUrl':'https://app.example/a',"
                + "'oa':{'head':{'text':'hello','bgColor':'FFCC0000'}}}"));
    }

    @Test
    void linkWithoutPictureIsAcceptedAndWrittenWithoutOne() throws Exception {
        TzeMessage message = validator.parse(j("{'msgtype':'link','link':{'pcUrl':'http://a.example',"
                + "'appUrl':'http://a.example','title':'t','busiId':'b','content':'c'}}"));
        assertThat(validator.toWire(message).get("link").has("picUrl")).isFalse();
    }

    @Test
    void numericFileCountIsWrittenAsAString() throws Exception {
        TzeMessage message = validator.parse(j(oa("{'text':'h'}", "{'fileCount':2}")));
        assertThat(validator.toWire(message).at("/oa/body/fileCount").isTextual()).isTrue();
        assertThat(validator.toWire(message).at("/oa/body/fileCount").asText()).isEqualTo("2");
    }

    @Test
    void headTextOf255CharactersCountedAsCodePointsIsAccepted() throws Exception {
        // 255 characters outside the BMP are 510 UTF-16 units: still 255 characters
        validator.parse(j(oa("{'text':'" + "😀".repeat(255) + "'}", null)));
        validator.parse(j(oa("{'text':'" + "审".repeat(255) + "'}", null)));
    }

    @Test
    void anyAbsoluteHttpUrlIsAPictureUrl() throws Exception {
        // seed 002 names the picture's format (JPG, PNG), not the URL's suffix: CDN URLs often have none
        for (String url : List.of("http://x.example/a.jpg", "https://cdn.example/img/8f3a9c", "https://x.example/a.gif",
                "https://img.example/show?file=a.jpg", "http://x.example/")) {
            validator.parse(j(oa("{'text':'h'}", "{'imageUrl':'" + url + "'}")));
            validator.parse(j("{'msgtype':'link','link':{'pcUrl':'http://a.example','appUrl':'http://a.example',"
                    + "'picUrl':'" + url + "','title':'t','busiId':'b','content':'c'}}"));
        }
    }

    @Test
    void formEntriesWithoutKeyOrValueAreAcceptedAndWrittenAsGiven() throws Exception {
        // 5.2.7 key and 5.2.8 value are 可選 (optional)
        TzeMessage message = validator.parse(j(oa("{'text':'h'}",
                "{'form':[{'key':'k'},{'value':'v'},{},{'key':'','value':' '}]}")));
        assertThat(json.readTree(validator.toWireJson(message)).at("/oa/body/form").toString())
                .isEqualTo("[{\"key\":\"k\"},{\"value\":\"v\"},{},{\"key\":\"\",\"value\":\" \"}]");
    }

    // --- rejections -----------------------------------------------------------------------------------------

    @Test
    void headTextOf256Characters() {
        assertThat(problemsOf(oa("{'text':'" + "a".repeat(256) + "'}", null)))
                .containsExactly("oa.head.text: 256 characters, at most 255");
    }

    @Test
    void sevenFormEntriesAreRefusedAndEachEntryIsStillChecked() {
        StringBuilder form = new StringBuilder("[");
        for (int i = 0; i < 7; i++) {
            form.append(i == 0 ? "" : ",").append(i == 3 ? "{'key':7,'value':'v'}" : "{'key':'k','value':'v'}");
        }
        form.append("]");
        assertThat(problemsOf(oa("{'text':'h'}", "{'form':" + form + "}")))
                .containsExactly("oa.body.form[3].key: must be a string, was number",
                        "oa.body.form: 7 entries, at most 6");
    }

    @Test
    void formEntriesMustBeObjectsWithStringKeysAndValues() {
        assertThat(problemsOf(oa("{'text':'h'}", "{'form':[{'key':'k'},'x',{'key':'k','value':true}]}")))
                .containsExactly("oa.body.form[1]: must be a JSON object, was string",
                        "oa.body.form[2].value: must be a string, was boolean");
    }

    @Test
    void bgColorWith0xPrefix() {
        assertThat(problemsOf(oa("{'text':'h','bgColor':'0xFFCC0000'}", null))).containsExactly(
                "oa.head.bgColor: '0xFFCC0000' must not start with 0x: 8 hex digits, alpha first, e.g. FFCC0000");
    }

    @Test
    void bgColorMustBeExactlyEightHexDigits() {
        for (String bad : List.of("CC0000", "FFCC00000", "FFCC00GG", "", "#FFCC000")) {
            assertThat(problemsOf(oa("{'text':'h','bgColor':'" + bad + "'}", null)))
                    .containsExactly("oa.head.bgColor: '" + bad + "' is not 8 hex digits (alpha first, e.g. FFCC0000)");
        }
    }

    @Test
    void relativeAndNonHttpUrls() {
        assertThat(problemsOf("{'msgtype':'link','link':{'pcUrl':'/news/1','appUrl':'ftp://a.example/x',"
                + "'picUrl':'img/a.png','title':'t','busiId':'b','content':'c'}}"))
                .containsExactly("link.pcUrl: '/news/1' is not an absolute http(s) URL",
                        "link.appUrl: 'ftp://a.example/x' is not an absolute http(s) URL",
                        "link.picUrl: 'img/a.png' is not an absolute http(s) URL");
        assertThat(problemsOf("{'msgtype':'oa','busiId':'b','pcUrl':'http:///nohost','appUrl':'http://a b/',"
                + "'oa':{'head':{'text':'h'}}}"))
                .containsExactly("pcUrl: 'http:///nohost' is not an absolute http(s) URL",
                        "appUrl: 'http://a b/' is not a valid URL");
    }

    @Test
    void missingContent() {
        assertThat(problemsOf("{'msgtype':'text','text':{}}")).containsExactly("text.content: missing");
        assertThat(problemsOf("{'msgtype':'text','text':{'content':null}}")).containsExactly("text.content: missing");
        assertThat(problemsOf("{'msgtype':'text','text':{'content':'  '}}"))
                .containsExactly("text.content: must not be empty");
        assertThat(problemsOf("{'msgtype':'text'}")).containsExactly("text: missing");
    }

    @Test
    void unknownMsgtype() {
        assertThat(problemsOf("{'msgtype':'news','news':{}}"))
                .containsExactly("msgtype: 'news' is not one of text, link, oa");
        assertThat(problemsOf("{'msgtype':'TEXT','text':{'content':'x'}}"))
                .containsExactly("msgtype: 'TEXT' is not one of text, link, oa");
    }

    @Test
    void msgTypeSpelledAsInTheFieldTableIsNamed() {
        assertThat(problemsOf("{'msgType':'text','text':{'content':'x'}}"))
                .containsExactly("msgtype: missing ('msgType' found: the wire name is all lower case)");
        assertThat(problemsOf("{'text':{'content':'x'}}")).containsExactly("msgtype: missing");
        assertThat(problemsOf("{'msgtype':1}")).containsExactly("msgtype: must be a string, was number");
    }

    @Test
    void malformedJson() {
        assertThat(problemsOf("{'msgtype':'text','text':{'content':")).singleElement().asString()
                .startsWith("$: malformed JSON at line 1, column ");
        assertThat(problemsOf("{'msgtype':'text','text':{'content':'a'}} trailing")).singleElement().asString()
                .startsWith("$: malformed JSON");
        assertThat(problemsOf("{'msgtype':'text','msgtype':'oa'}")).singleElement().asString()
                .startsWith("$: malformed JSON").contains("Duplicate field 'msgtype'");
        assertThat(problemsOf("[1,2]")).containsExactly("$: must be a JSON object");
        assertThat(problemsOf("")).containsExactly("$: must be a JSON object");
    }

    @Test
    void everyProblemOfABadOaMessageIsListedWithItsPath() {
        String form = "[" + "{'key':'k','value':'v'},".repeat(6) + "{'key':'k'}]";
        List<String> problems = problemsOf("{'msgtype':'oa','pcUrl':'news/1','appUrl':'https://a.example/',"
                + "'oa':{'head':{'text':'" + "x".repeat(300) + "','bgColor':'0xFFCC0000'},"
                + "'body':{'imageUrl':'x.gif','fileCount':true,'author':7,'form':" + form + "}}}");
        assertThat(problems).containsExactly(
                "oa.body.fileCount: must be a string, was boolean",
                "oa.body.author: must be a string, was number",
                "busiId: missing",
                "pcUrl: 'news/1' is not an absolute http(s) URL",
                "oa.head.text: 300 characters, at most 255",
                "oa.head.bgColor: '0xFFCC0000' must not start with 0x: 8 hex digits, alpha first, e.g. FFCC0000",
                "oa.body.imageUrl: 'x.gif' is not an absolute http(s) URL",
                "oa.body.form: 7 entries, at most 6");
    }

    @Test
    void everyRequiredLinkFieldIsNamed() {
        assertThat(problemsOf("{'msgtype':'link','link':{}}")).containsExactly("link.pcUrl: missing",
                "link.appUrl: missing", "link.title: missing", "link.busiId: missing", "link.content: missing");
        assertThat(problemsOf("{'msgtype':'link','link':'x'}"))
                .containsExactly("link: must be a JSON object, was string");
    }

    @Test
    void oaNeedsHeadAndHeadText() {
        assertThat(problemsOf("{'msgtype':'oa','busiId':'b','pcUrl':'http://a.example','appUrl':'http://a.example',"
                + "'oa':{}}")).containsExactly("oa.head: missing");
        assertThat(problemsOf("{'msgtype':'oa','busiId':'b','pcUrl':'http://a.example','appUrl':'http://a.example',"
                + "'oa':{'head':{'bgColor':'FFCC0000'}}}")).containsExactly("oa.head.text: missing");
        assertThat(problemsOf("{'msgtype':'oa'}")).containsExactlyInAnyOrder("busiId: missing", "pcUrl: missing",
                "appUrl: missing", "oa: missing");
    }

    @Test
    void unknownFieldsAreRefusedWithACaseHint() {
        assertThat(problemsOf("{'msgtype':'link','link':{'pcUrl':'http://a.example','appUrl':'http://a.example',"
                + "'picurl':'http://a.example/a.png','title':'t','busiId':'b','content':'c'},'personId':'p'}"))
                .containsExactly("personId: unknown field", "link.picurl: unknown field (did you mean 'picUrl'?)");
        assertThat(problemsOf(oa("{'text':'h','color':'FFCC0000'}", "{'form':[{'key':'k','value':'v','x':1}]}")))
                .containsExactly("oa.head.color: unknown field", "oa.body.form[0].x: unknown field");
    }

    // --- messages built in Java -------------------------------------------------------------------------------

    @Test
    void javaBuiltMessagesGoThroughTheSameRules() {
        List<FormEntry> form = new ArrayList<>();
        form.add(null);
        OaMessage message = new OaMessage("b", "http://a.example", "http://a.example", new Head("h", "0x00000000"),
                new Body(null, null, null, null, null, form));
        assertThat(validator.problems(message)).containsExactly(
                "oa.head.bgColor: '0x00000000' must not start with 0x: 8 hex digits, alpha first, e.g. FFCC0000",
                "oa.body.form[0]: missing");
        InvalidTzeMessageException e = catchThrowableOfType(InvalidTzeMessageException.class,
                () -> validator.toWire(message));
        assertThat(e.problems()).hasSize(2);
        assertThat(validator.problems(new TextMessage(null))).containsExactly("text.content: missing");
        assertThat(validator.problems(null)).containsExactly("$: missing");
    }
}
