package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final ApiKeys keys = new ApiKeys(List.of("first-key", "second-key", ""));

    @Test
    void acceptsEveryConfiguredKeyAsBearer() {
        assertThat(keys.authorizes("Bearer first-key")).isTrue();
        assertThat(keys.authorizes("bearer second-key")).isTrue();
    }

    @Test
    void refusesMissingWrongAndMalformedCredentials() {
        assertThat(keys.authorizes(null)).isFalse();
        assertThat(keys.authorizes("")).isFalse();
        assertThat(keys.authorizes("Bearer ")).as("the blank configured key is ignored").isFalse();
        assertThat(keys.authorizes("Bearer wrong")).isFalse();
        assertThat(keys.authorizes("Bearer first-key-and-more")).isFalse();
        assertThat(keys.authorizes("Basic first-key")).isFalse();
        assertThat(keys.authorizes("first-key")).isFalse();
    }
}
