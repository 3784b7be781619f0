package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenApiGatewayPathTest {

    @Test
    void apiPathIsTheV3PartOfTheRequestPath() {
        assertThat(OpenApiGateway.apiPath(null, "/openapi/v3/user/get_info")).isEqualTo("/v3/user/get_info");
        assertThat(OpenApiGateway.apiPath(null, "/openapi/v3/user/get_info?x=1")).isEqualTo("/v3/user/get_info");
        assertThat(OpenApiGateway.apiPath("/openapi/v3/relation/send_gift", null)).isEqualTo("/v3/relation/send_gift");
        assertThat(OpenApiGateway.apiPath(null, "/openapi/v3/")).isNull();
        assertThat(OpenApiGateway.apiPath(null, "/openapi/v3/../tokens/om")).isNull();
        assertThat(OpenApiGateway.apiPath(null, "/openapi/v3/a%2Fb")).isNull();
        assertThat(OpenApiGateway.apiPath(null, null)).isNull();
    }

    @Test
    void formDecodingTreatsPlusAsSpaceAndKeepsTheFirstValue() {
        assertThat(OpenApiGateway.decodeForm("a=1+2&b=%7E&a=3&c&=x")).containsEntry("a", "1 2")
                .containsEntry("b", "~").containsEntry("c", "").hasSize(4);
        assertThatThrownBy(() -> OpenApiGateway.decodeForm("a=%zz")).isInstanceOf(IllegalArgumentException.class);
    }
}
