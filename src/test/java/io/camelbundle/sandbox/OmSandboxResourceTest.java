package io.camelbundle.sandbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.om.OmSampleEvents;
import io.camelbundle.token.TokenControl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The OM data-return stand-in enforces seed 000 itself: both request forms the seed shows (form body, query),
 * its field table with the documented ranges, and nothing it does not document.
 */
@QuarkusTest
class OmSandboxResourceTest {

    private static final String PATH = "/sandbox/om/data/receiveclient";

    @Inject
    OmSandbox sandbox;

    @Inject
    TokenControl tokens;

    private final ObjectMapper json = new ObjectMapper();

    private String token() {
        return tokens.accessToken("om");
    }

    private String event(String field, Object value) throws Exception {
        ObjectNode event = (ObjectNode) json.readTree(OmSampleEvents.SEED_EXAMPLE);
        event.set(field, json.valueToTree(value));
        return json.writeValueAsString(event);
    }

    private static RequestSpecification form(String token, String msg) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("access_token", token)
                .formParam("msg", msg);
    }

    @Test
    void theSeedsExampleIsAcceptedAsAFormBody() {
        int accepted = sandbox.acceptedEvents();
        form(token(), OmSampleEvents.SEED_EXAMPLE).when().post(PATH).then().statusCode(200).body("code", equalTo(0));
        assertThat(sandbox.acceptedEvents()).isEqualTo(accepted + 1);
    }

    @Test
    void theSeedsExampleIsAcceptedAsQueryParametersWithoutABody() {
        int accepted = sandbox.acceptedEvents();
        given().queryParam("access_token", token()).queryParam("msg", OmSampleEvents.SEED_EXAMPLE)
                .when().post(PATH).then().statusCode(200).body("code", equalTo(0));
        assertThat(sandbox.acceptedEvents()).isEqualTo(accepted + 1);
    }

    @Test
    void aParameterGivenInBothPlacesOrABodyOfAnotherTypeIsRefused() {
        form(token(), OmSampleEvents.SEED_EXAMPLE).queryParam("access_token", token()).when().post(PATH).then()
                .statusCode(200).body("code", equalTo(40035)).body("msg", containsString("both"));
        given().contentType("application/json").queryParam("access_token", token())
                .queryParam("msg", OmSampleEvents.SEED_EXAMPLE).body(OmSampleEvents.SEED_EXAMPLE)
                .when().post(PATH).then().statusCode(415);
    }

    @Test
    void valuesOutsideTheSeedsRangesAreRefusedNamingTheField() throws Exception {
        int accepted = sandbox.acceptedEvents();
        Object[][] cases = {{"source", 5}, {"user_action", 12}, {"play_action", 3}, {"complete", 3},
                {"ts", 1510662363000L}, {"time_long", -1}, {"source", "2"}, {"IP", 10}};
        for (Object[] c : cases) {
            form(token(), event((String) c[0], c[1])).when().post(PATH).then().statusCode(200)
                    .body("code", equalTo(40035)).body("msg", containsString("msg field " + c[0] + " "));
        }
        form(token(), event("ts", 1510662363000L)).when().post(PATH).then().body("msg",
                containsString("seconds expected"));
        assertThat(sandbox.acceptedEvents()).as("none accepted").isEqualTo(accepted);
        // the largest documented values pass
        form(token(), event("source", 4)).when().post(PATH).then().body("code", equalTo(0));
        form(token(), event("user_action", 11)).when().post(PATH).then().body("code", equalTo(0));
    }
}
