package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.camelbundle.om.OmConfig;
import io.camelbundle.token.TokenConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Lists in the configuration are read without the blanks an operator writes after the commas. */
class TrimmedListsTest {

    private static SmallRyeConfig config(Map<String, String> values, Class<?>... mappings) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withSources(
                new PropertiesConfigSource(values, "test", 100));
        for (Class<?> mapping : mappings) {
            builder.withMapping(mapping);
        }
        return builder.build();
    }

    @Test
    void apiKeysAfterACommaAndABlankAreTheKeysWritten() {
        TokenConfig tokens = config(Map.of("tokens.api-keys", "key-one, key-two ,\tkey-three"), TokenConfig.class)
                .getConfigMapping(TokenConfig.class);
        assertThat(tokens.apiKeys()).containsExactly("key-one", "key-two", "key-three");
    }

    @Test
    void answerCodesAfterACommaAndABlankMatch() {
        OmConfig om = config(Map.of("om.token-invalid-codes", "40001, 40014,  42001"), OmConfig.class)
                .getConfigMapping(OmConfig.class);
        assertThat(om.tokenInvalidCodes()).containsExactly("40001", "40014", "42001");
    }
}
