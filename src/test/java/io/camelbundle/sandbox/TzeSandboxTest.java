package io.camelbundle.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.sandbox.TzeSandbox.Answer;
import io.camelbundle.token.MutableClock;
import io.camelbundle.tze.TzeMessage.TextMessage;

/** The TZE sandbox's rules without HTTP: codes, tokens, expiry and extension, message checks. */
class TzeSandboxTest {

    private static final String ACCESS = "platform-access";
    private static final long T0 = 1_800_000_000_000L;

    private final MutableClock clock = new MutableClock(T0);
    private final TzeSandbox sandbox = new TzeSandbox(Optional.of(ACCESS), Duration.ofMinutes(5), Duration.ofDays(15),
            Duration.ofMillis(10), 0, 0, 0, clock);
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode j(String singleQuoted) throws Exception {
        return json.readTree(singleQuoted.replace('\'', '"'));
    }

    private JsonNode codeBody(String code) {
        return json.createObjectNode().put("oauthCode", code);
    }

    private String tokenFor(String personId) {
        Answer answer = sandbox.exchange(ACCESS, codeBody(sandbox.issueCode(personId)));
        assertThat(answer.success()).as(answer.retDesc()).isTrue();
        return (String) answer.data().get("oauthToken");
    }

    @Test
    void aCodeBuysATokenWithAnExpiryInMillisecondsOnce() {
        String code = sandbox.issueCode("p1");
        Answer first = sandbox.exchange(ACCESS, codeBody(code));
        assertThat(first.retCode()).isEqualTo("000000");
        assertThat(first.data().get("expiry")).isEqualTo(T0 + Duration.ofDays(15).toMillis());
        assertThat((String) first.data().get("oauthToken")).startsWith("sbx-oauth-");
        Answer again = sandbox.exchange(ACCESS, codeBody(code));
        assertThat(again.retCode()).isEqualTo(TzeSandbox.BAD_CODE);
        assertThat(again.retDesc()).isEqualTo("oauthCode invalid, expired or already used");
    }

    @Test
    void codesExpire() {
        String code = sandbox.issueCode("p1");
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThat(sandbox.exchange(ACCESS, codeBody(code)).retCode()).isEqualTo(TzeSandbox.BAD_CODE);
    }

    @Test
    void theExchangeNeedsThePlatformAccessTokenAndACode() throws Exception {
        String code = sandbox.issueCode("p1");
        assertThat(sandbox.exchange("wrong", codeBody(code)).retCode()).isEqualTo(TzeSandbox.BAD_ACCESS_TOKEN);
        assertThat(sandbox.exchange(null, codeBody(code)).retCode()).isEqualTo(TzeSandbox.BAD_ACCESS_TOKEN);
        assertThat(sandbox.exchange(ACCESS, j("{'code':'x'}")).retCode()).isEqualTo(TzeSandbox.BAD_REQUEST);
        assertThat(sandbox.exchange(ACCESS, j("{'oauthCode':1}")).retCode()).isEqualTo(TzeSandbox.BAD_REQUEST);
        assertThat(sandbox.exchange(ACCESS, codeBody(code)).success()).as("refusals did not use up the code").isTrue();
    }

    @Test
    void withoutAConfiguredAccessTokenNothingIsAccepted() {
        TzeSandbox unconfigured = new TzeSandbox(Optional.empty(), Duration.ofMinutes(5), Duration.ofDays(15),
                Duration.ofMillis(10), 0, 0, 0, clock);
        assertThat(unconfigured.exchange("", codeBody(unconfigured.issueCode("p"))).retCode())
                .isEqualTo(TzeSandbox.BAD_ACCESS_TOKEN);
    }

    @Test
    void theTokenInvalidFaultRefusesTheAccessTokenAsIfTzeHadExpiredIt() {
        sandbox.oauthFaults().failNext(Faults.Kind.TOKEN_INVALID, 1);
        String code = sandbox.issueCode("p");
        TzeSandbox.Answer refused = sandbox.exchange(ACCESS, codeBody(code));
        assertThat(refused.retCode()).isEqualTo(TzeSandbox.BAD_ACCESS_TOKEN);
        // the code was not used up by the refusal: the retry with the (refreshed) token gets the oauthToken
        assertThat(sandbox.exchange(ACCESS, codeBody(code)).success()).isTrue();
        assertThat(sandbox.oauthRequests()).isEqualTo(2);
    }

    @Test
    void aValidMessageIsDeliveredAndExtendsTheToken() throws Exception {
        String token = tokenFor("p1");
        clock.advance(Duration.ofDays(10));
        Answer answer = sandbox.send(ACCESS, "p1", token, j("{'msgtype':'text','text':{'content':'hi'}}"));
        assertThat(answer.success()).as(answer.retDesc()).isTrue();
        assertThat(sandbox.expiryOf(token)).isEqualTo(clock.millis() + Duration.ofDays(15).toMillis());
        assertThat(sandbox.deliveredTo("p1")).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo(new TextMessage("hi")));
    }

    @Test
    void personAndTokenMayTravelInTheBody() throws Exception {
        String token = tokenFor("p1");
        Answer answer = sandbox.send(ACCESS, null, null,
                j("{'msgtype':'text','text':{'content':'hi'},'personId':'p1','oauthToken':'" + token + "'}"));
        assertThat(answer.success()).as(answer.retDesc()).isTrue();
    }

    @Test
    void messagesNeedAValidUnexpiredTokenOfThatPerson() throws Exception {
        JsonNode text = j("{'msgtype':'text','text':{'content':'hi'}}");
        String token = tokenFor("p1");
        assertThat(sandbox.send("wrong", "p1", token, text).retCode()).isEqualTo(TzeSandbox.BAD_ACCESS_TOKEN);
        assertThat(sandbox.send(ACCESS, "p1", null, text).retCode()).isEqualTo(TzeSandbox.BAD_OAUTH_TOKEN);
        assertThat(sandbox.send(ACCESS, "p1", "made-up", text).retCode()).isEqualTo(TzeSandbox.BAD_OAUTH_TOKEN);
        assertThat(sandbox.send(ACCESS, "p2", token, text).retCode()).isEqualTo(TzeSandbox.PERSON_MISMATCH);
        clock.advance(Duration.ofDays(15));
        assertThat(sandbox.send(ACCESS, "p1", token, text).retCode()).isEqualTo(TzeSandbox.BAD_OAUTH_TOKEN);
        assertThat(sandbox.deliveredTo("p1")).isEmpty();
    }

    @Test
    void invalidMessagesAreRefusedWithEveryProblemAndNotDelivered() throws Exception {
        String token = tokenFor("p1");
        Answer answer = sandbox.send(ACCESS, "p1", token, j("{'msgtype':'oa','busiId':'b','pcUrl':'x',"
                + "'appUrl':'http://a.example','oa':{'head':{'text':'h','bgColor':'0xFFCC0000'}}}"));
        assertThat(answer.retCode()).isEqualTo(TzeSandbox.BAD_MESSAGE);
        assertThat(answer.retDesc()).as("seed 002: 8 characters, no 0x")
                .isEqualTo("oa.head.bgColor: 8 hex characters without 0x");
        assertThat(sandbox.deliveredTo("p1")).isEmpty();
        assertThat(sandbox.expiryOf(token)).as("a refused message does not extend the token")
                .isEqualTo(T0 + Duration.ofDays(15).toMillis());
    }

    @Test
    void aRevokedTokenIsRefused() throws Exception {
        String token = tokenFor("p1");
        sandbox.revoke(token);
        assertThat(sandbox.send(ACCESS, "p1", token, j("{'msgtype':'text','text':{'content':'hi'}}")).retCode())
                .isEqualTo(TzeSandbox.BAD_OAUTH_TOKEN);
    }
}
