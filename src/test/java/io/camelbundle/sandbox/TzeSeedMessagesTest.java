package io.camelbundle.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The sandbox's own transcription of seed 002's message tables. */
class TzeSeedMessagesTest {

    private static JsonNode j(String json) throws Exception {
        return new ObjectMapper().readTree(json.replace('\'', '"'));
    }

    @Test
    void theSeedsExamplesKeepTheTables() throws Exception {
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'text','text':{'content':'zhxy msg text test 12'}}")))
                .isEmpty();
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'link','link':{'pcUrl':'http://www.baidu.com',"
                + "'appUrl':'http://www.baidu.com','picUrl':'http://xxx.yyy.com/zzz.jpg','content':'百度一下',"
                + "'title':'百度','busiId':'AQWER1234'}}"))).isEmpty();
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'oa','busiId':'b','pcUrl':'p','appUrl':'a','oa':{'head':"
                + "{'text':'h','bgColor':'FFCC0000'},'body':{'title':'t','content':'c','imageUrl':'i','fileCount':'2',"
                + "'author':'a','form':[{'key':'k','value':'v'}]}}}"))).isEmpty();
    }

    @Test
    void aLinkWithoutPictureIsKeptAsVendorNotesRead() throws Exception {
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'link','link':{'pcUrl':'p','appUrl':'a','title':'t',"
                + "'busiId':'b','content':'c'}}"))).isEmpty();
    }

    @Test
    void everyBreachIsNamedWithItsPath() throws Exception {
        assertThat(TzeSeedMessages.problems(j("{'text':{'content':'x'}}"))).containsExactly("msgtype: required");
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'news'}")))
                .containsExactly("msgtype: 'news' is none of text, link, oa");
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'text','text':{'content':''}}")))
                .containsExactly("text.content: required string");
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'link','link':{'pcUrl':'p','appUrl':'a','title':'t',"
                + "'content':'c','picUrl':7}}")))
                .containsExactly("link.busiId: required string", "link.picUrl: a string");
        String form = "[" + "{'key':'k'},".repeat(6) + "{'key':'k'}]";
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'oa','pcUrl':'p','appUrl':'a','oa':{'head':{'text':'"
                + "x".repeat(256) + "','bgColor':'0xFFCC00'},'body':{'form':" + form + "}}}"))).containsExactly(
                        "busiId: required string", "oa.head.text: longer than 255 characters",
                        "oa.head.bgColor: 8 hex characters without 0x", "oa.body.form: at most 6 entries");
        assertThat(TzeSeedMessages.problems(j("{'msgtype':'oa','busiId':'b','pcUrl':'p','appUrl':'a'}")))
                .containsExactly("oa: required object");
    }
}
