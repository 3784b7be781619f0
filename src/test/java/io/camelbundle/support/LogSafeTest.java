package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void controlCharactersAreEscapedSoNoLineCanBeForged() {
        assertThat(LogSafe.escape("alice\r\n12:00:00 INFO forged\tx\u0000\u001b[31m\u2028"))
                .isEqualTo("alice\\r\\n12:00:00 INFO forged\\tx\\u0000\\u001b[31m\\u2028");
        assertThat(LogSafe.escape("a\\nb")).as("a typed backslash-n stays distinguishable").isEqualTo("a\\\\nb");
    }

    @Test
    void ordinaryTextIsUnchangedAndNullIsSaid() {
        assertThat(LogSafe.escape("p-1 快报推荐流")).isEqualTo("p-1 快报推荐流");
        assertThat(LogSafe.escape(null)).isEqualTo("null");
    }

    @Test
    void longValuesAreCutAndSayHowLongTheyWere() {
        String cut = LogSafe.escape("x".repeat(10_000));
        assertThat(cut).startsWith("x".repeat(LogSafe.MAX_LENGTH)).endsWith("...(10000 chars)")
                .hasSize(LogSafe.MAX_LENGTH + 16);
        assertThat(LogSafe.escapeReason("x".repeat(1_000))).as("a reason is longer than a value, escaped whole")
                .isEqualTo("x".repeat(1_000));
        assertThat(LogSafe.escapeReason("x".repeat(3_000))).startsWith("x".repeat(2_000)).endsWith("...(3000 chars)")
                .hasSize(2_000 + 15);
    }
}
