package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A vendor's code field shown on a public surface is a short code, whatever the vendor put there. */
class VendorCodeTest {

    @Test
    void aCodeIsKeptAsItIs() {
        assertThat(VendorCode.refused("100003")).isEqualTo("refused:100003");
        assertThat(VendorCode.refused(40013)).isEqualTo("refused:40013");
        assertThat(VendorCode.refused("invalid_client")).isEqualTo("refused:invalid_client");
    }

    @Test
    void textIsSanitisedAndCutToAShortCode() {
        String message = "Login failed for user admin@example.com <script>" + "x".repeat(10_000);
        String code = VendorCode.refused(message);
        assertThat(code).hasSize("refused:".length() + VendorCode.MAX_LENGTH + 3).endsWith("...")
                .doesNotContain("<", " ", "@");
        assertThat(code).startsWith("refused:Login?failed?for?user?admin?");
    }
}
