package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class OpenApiEnvironmentGuardTest {

    private static final List<String> PROD = List.of("prod");

    @Test
    void prodAcceptsTheProductionDomain() {
        assertThat(OpenApiEnvironmentGuard.problem(PROD, "https://openapi.tencentyun.com")).isEmpty();
    }

    @Test
    void prodRefusesTheTestIp() {
        assertThat(OpenApiEnvironmentGuard.problem(PROD, "https://119.147.19.43")).hasValueSatisfying(
                p -> assertThat(p).contains("openapi.base-url").contains("119.147.19.43"));
        assertThat(OpenApiEnvironmentGuard.problem(PROD, "http://119.147.19.43/")).isPresent();
    }

    @Test
    void prodRefusesPlainHttp() {
        assertThat(OpenApiEnvironmentGuard.problem(PROD, "http://openapi.tencentyun.com")).hasValueSatisfying(
                p -> assertThat(p).contains("openapi.base-url").contains("https://"));
        assertThat(OpenApiEnvironmentGuard.problem(PROD, "HTTP://localhost:8080/sandbox/openapi")).isPresent();
        assertThat(OpenApiEnvironmentGuard.problem(PROD, "")).isPresent();
    }

    @Test
    void devAndTestMayUseTheSandboxAndTheTestIp() {
        assertThat(OpenApiEnvironmentGuard.problem(List.of("test"), "http://localhost:8081/sandbox/openapi")).isEmpty();
        assertThat(OpenApiEnvironmentGuard.problem(List.of("dev"), "http://119.147.19.43")).isEmpty();
    }
}
