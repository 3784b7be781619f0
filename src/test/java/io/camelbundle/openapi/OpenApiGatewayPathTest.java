package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenApiGatewayPathTest {

    @Test
    void onlyPlainV3PathsAreApis() {
        assertThat(OpenApiGateway.validApiPath("/v3/user/get_info")).isTrue();
        assertThat(OpenApiGateway.validApiPath("/v3/relation/send_gift")).isTrue();
        assertThat(OpenApiGateway.validApiPath("/v3/")).isFalse();
        assertThat(OpenApiGateway.validApiPath("/v3/../tokens")).isFalse();
        assertThat(OpenApiGateway.validApiPath("/v3/a/b c")).isFalse();
        assertThat(OpenApiGateway.validApiPath("/v3/a%2Fb/c")).isFalse();
        assertThat(OpenApiGateway.validApiPath(null)).isFalse();
    }

    @Test
    void formDecodingTreatsPlusAsSpaceAndKeepsTheFirstValue() {
        assertThat(OpenApiGateway.decodeForm("a=1+2&b=%7E&a=3&c&=x")).containsEntry("a", "1 2")
                .containsEntry("b", "~").containsEntry("c", "").hasSize(4);
        assertThatThrownBy(() -> OpenApiGateway.decodeForm("a=%zz")).isInstanceOf(IllegalArgumentException.class);
    }
}
