package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** Every encoding of every known secret is masked, and the registry of issued tokens stays bounded. */
class SecretsTest {

    private static final String SECRET = "cl1ent secret/with+plus&amp\"quote";

    @Test
    void everyEncodingOfAConfiguredSecretIsMasked() {
        Secrets.configured(List.of(SECRET));
        String urlPlus = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        String url20 = urlPlus.replace("+", "%20");
        String json = "cl1ent secret/with+plus&amp\\\"quote";
        String base64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        String text = "raw=" + SECRET + " plus=" + urlPlus + " pct=" + url20 + " lower=" + url20.toLowerCase()
                + " json={\"m\":\"" + json + "\"} b64=" + base64;
        String masked = Secrets.mask(text);
        for (String form : List.of(SECRET, urlPlus, url20, json, base64, "cl1ent%20secret", "cl1ent+secret")) {
            assertThat(masked).doesNotContain(form);
        }
        assertThat(masked).startsWith("raw=" + Secrets.PLACEHOLDER + " plus=" + Secrets.PLACEHOLDER)
                .contains("b64=" + Secrets.PLACEHOLDER);
    }

    @Test
    void issuedTokensAreMaskedAndOnlyTheLatestAreKept() {
        Secrets.issued("issued-token-first-0001");
        assertThat(Secrets.mask("Bearer issued-token-first-0001")).isEqualTo("Bearer " + Secrets.PLACEHOLDER);
        for (int i = 0; i < Secrets.MAX_ISSUED; i++) {
            Secrets.issued("issued-token-later-" + i);
        }
        assertThat(Secrets.mask("issued-token-later-" + (Secrets.MAX_ISSUED - 1))).isEqualTo(Secrets.PLACEHOLDER);
        assertThat(Secrets.mask("Bearer issued-token-first-0001")).as("the oldest is forgotten")
                .isEqualTo("Bearer issued-token-first-0001");
    }

    @Test
    void theValuesOfOneCallAreMaskedInEveryEncodingWithoutBeingRemembered() {
        String oauthToken = "oauth/token+of=one person";
        String encoded = URLEncoder.encode(oauthToken, StandardCharsets.UTF_8);
        String text = "refused oauthToken=" + encoded + " raw " + oauthToken + " pct "
                + encoded.replace("+", "%20");
        assertThat(Secrets.mask(text, oauthToken, null, "ab"))
                .isEqualTo("refused oauthToken=**** raw **** pct ****");
        assertThat(Secrets.mask(oauthToken)).as("not remembered process-wide").isEqualTo(oauthToken);
    }

    @Test
    void valuesOfSecretNamedParametersAreMaskedWhetherKnownOrNot() {
        // Camel HTTP's debug line of a TZE send in query mode, and an OAuth exchange body: never registered
        assertThat(Secrets.mask("Executing http POST method: http://tze/send?accessToken=plat-123456&personId=p-1"
                + "&oauthToken=person-oauth-token-abcdef HTTP/1.1")).isEqualTo("Executing http POST method:"
                        + " http://tze/send?accessToken=****&personId=p-1&oauthToken=**** HTTP/1.1");
        assertThat(Secrets.mask("{\"oauthCode\" : \"code-98765\",\"personId\":\"p\",\"openkey\":\"ok-1\"}"))
                .isEqualTo("{\"oauthCode\" : \"****\",\"personId\":\"p\",\"openkey\":\"****\"}");
        assertThat(Secrets.mask("grant_type=client_credentials&client_id=id&client_secret=s3cr3t&access_token=t"))
                .isEqualTo("grant_type=client_credentials&client_id=id&client_secret=****&access_token=****");
        assertThat(Secrets.mask("redirect_uri=https%3A%2F%2Fa%2Fcb%3Fappkey%3Dk-1")).endsWith("appkey%3D****");
        assertThat(Secrets.mask("the access token expired; openkey: see docs")).as("names without a value")
                .isEqualTo("the access token expired; openkey: see docs");
    }

    @Test
    void passwordsOfTheConfigurationAreMasked() {
        var config = new io.smallrye.config.SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        java.util.Map.of("quarkus.datasource.password", "db-pass-4242", "quarkus.qpid-jms.password",
                                "amqp-pass-4343", "om.token-url", "http://om/token"),
                        "test", 100))
                .build();
        Secrets.fromConfig(config);
        assertThat(Secrets.mask("jdbc:postgresql://db/x?password=db-pass-4242 amqp://u:amqp-pass-4343@b"))
                .isEqualTo("jdbc:postgresql://db/x?password=**** amqp://u:****@b");
        assertThat(Secrets.mask("http://om/token")).isEqualTo("http://om/token");
    }

    @Test
    void shortValuesAndTextWithoutSecretsAreLeftAlone() {
        Secrets.configured(List.of("ab"));
        assertThat(Secrets.mask("ab cd")).isEqualTo("ab cd");
        assertThat(Secrets.mask(null)).isNull();
    }

    @Test
    void theLogFilterMasksMessageParametersAndExceptions() {
        Secrets.configured(List.of("filter-secret-77"));
        LogRecord record = new LogRecord(Level.WARNING, "refresh failed: {0}");
        record.setParameters(new Object[]{"client_secret=filter-secret-77"});
        record.setThrown(new IllegalStateException("GET /x?client_secret=filter-secret-77",
                new RuntimeException("filter-secret-77")));
        assertThat(SecretMaskingLogFilter.mask(record)).isTrue();
        assertThat(record.getMessage()).isEqualTo("refresh failed: client_secret=" + Secrets.PLACEHOLDER);
        assertThat(record.getParameters()).isNull();
        assertThat(record.getThrown().toString()).isEqualTo("java.lang.IllegalStateException: GET /x?client_secret="
                + Secrets.PLACEHOLDER);
        assertThat(record.getThrown().getCause().toString()).doesNotContain("filter-secret-77");
        assertThat(record.getThrown().getStackTrace()).isNotEmpty();
    }
}
