package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetClassTest {

    @Test
    void zeroIsOk() {
        assertThat(RetClass.of(0)).isEqualTo(RetClass.OK);
    }

    @ParameterizedTest
    @ValueSource(ints = {1002, -21, -23, -24, -64, -71, -73, 1300})
    void loginGone(int ret) {
        assertThat(RetClass.of(ret)).isEqualTo(RetClass.LOGIN_GONE);
        assertThat(RetClass.of(ret).retryable()).isFalse();
        assertThat(RetClass.exceptionFor("/v3/user/get_info", ret, "请先登录"))
                .isInstanceOf(OpenApiLoginGoneException.class);
    }

    @Test
    void badSignature() {
        assertThat(RetClass.of(-5)).isEqualTo(RetClass.BAD_SIGNATURE);
        assertThat(RetClass.of(-5).retryable()).isFalse();
        assertThat(RetClass.exceptionFor("/v3/user/get_info", -5, "sig error"))
                .isInstanceOf(OpenApiBadSignatureException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {-58, -60, -65, 1001, -6})
    void transientCodes(int ret) {
        assertThat(RetClass.of(ret)).isEqualTo(RetClass.TRANSIENT);
        assertThat(RetClass.of(ret).retryable()).isTrue();
        OpenApiException e = RetClass.exceptionFor("/v3/user/get_info", ret, "busy");
        assertThat(e).isInstanceOf(OpenApiTransientException.class);
        assertThat(((OpenApiTransientException) e).rateLimited()).isEqualTo(ret == -6);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 1003, 1005, 1006, -1, -2, -3, -4, -7, -9, 1000002, -22, -59})
    void everythingElseIsOther(int ret) {
        assertThat(RetClass.of(ret)).isEqualTo(RetClass.OTHER);
        assertThat(RetClass.of(ret).retryable()).isFalse();
        assertThat(RetClass.exceptionFor("/v3/x", ret, "m")).isExactlyInstanceOf(OpenApiCallException.class);
    }

    @Test
    void exceptionsCarryRetMsgPathAndClass() {
        OpenApiException e = RetClass.exceptionFor("/v3/user/get_info", 1002, "请先登录");
        assertThat(e.ret()).isEqualTo(1002);
        assertThat(e.msg()).isEqualTo("请先登录");
        assertThat(e.apiPath()).isEqualTo("/v3/user/get_info");
        assertThat(e.retClass()).isEqualTo(RetClass.LOGIN_GONE);
        assertThat(e.getMessage()).isEqualTo("OpenAPI /v3/user/get_info failed with ret 1002: 请先登录");
    }

    @Test
    void noAnswerIsTransientWithoutRet() {
        OpenApiTransientException e = new OpenApiTransientException("/v3/user/get_info", "timed out after PT3S");
        assertThat(e.ret()).isNull();
        assertThat(e.rateLimited()).isFalse();
        assertThat(e.retClass().retryable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("OpenAPI /v3/user/get_info failed: timed out after PT3S");
    }

    @Test
    void longVendorMessagesAreShortened() {
        OpenApiException e = RetClass.exceptionFor("/v3/x", 1, "x".repeat(1000));
        assertThat(e.msg()).hasSize(203);
        assertThat(e.getMessage().length()).isLessThan(260);
    }

    @Test
    void successIsNoException() {
        assertThatThrownBy(() -> RetClass.exceptionFor("/v3/x", 0, "ok")).isInstanceOf(IllegalArgumentException.class);
    }
}
