package io.camelbundle.om;

import java.time.Clock;
import java.util.HashSet;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;

import io.camelbundle.om.filedrop.OmFileDropBeans;
import io.camelbundle.persistence.JdbcIdempotentRepository;
import io.camelbundle.token.RouteTokenSource;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenExpiry;
import io.camelbundle.token.TokenSource;
import io.micrometer.core.instrument.MeterRegistry;

/** Registers OM's client credentials with the token central control as credential {@code om}, and OM's beans. */
public class OmBeans {

    @Produces
    @Singleton
    @Named("omTokenRequest")
    OmTokenRequest omTokenRequest(OmConfig config) {
        return new OmTokenRequest(config.authUrl(), config.clientId().orElse(null), config.clientSecret().orElse(null));
    }

    @Produces
    @Singleton
    @Named("omTokenAnswer")
    OmTokenAnswer omTokenAnswer() {
        return new OmTokenAnswer();
    }

    /**
     * Queue messages reported or dead-lettered (routes/om-queue.camel.yaml), keyed by message id and body
     * (io.camelbundle.support.QueueMessageKey). Each key is committed before the route returns and the broker is
     * acknowledged: with the file drop's pipelined commit, a replica stopping between the report and the
     * acknowledgement had almost always not committed the key yet, and the redelivered event was sent again. The
     * file drop's processor name ({@link OmFileDropBeans#SENT_RECORDS}), so the retention purges these keys too.
     */
    @Produces
    @Singleton
    @Named("omQueueSentRecords")
    JdbcIdempotentRepository omQueueSentRecords(DataSource dataSource) {
        return new JdbcIdempotentRepository(dataSource, OmFileDropBeans.SENT_RECORDS);
    }

    /** Credential om: its token is fetched by routes/om-token-fetch.camel.yaml. */
    @Produces
    @Singleton
    TokenSource omTokenSource(OmTokenRequest request, CamelContext camel) {
        return new RouteTokenSource(OmTokenRequest.CREDENTIAL, "om", request.fingerprint(), true,
                RouteTokenSource.defaultFetchUri(OmTokenRequest.CREDENTIAL), camel);
    }

    @Produces
    @Singleton
    OmEventNormalizer omEventNormalizer(OmConfig config, MeterRegistry registry) {
        return new OmEventNormalizer(OmEventNormalizer.Settings.of(config), Clock.systemUTC(),
                new OmUnknownFields(registry));
    }

    @Produces
    @Singleton
    @Named("omEvents")
    OmEvents omEvents(OmEventNormalizer normalizer) {
        return new OmEvents(normalizer);
    }

    @Produces
    @Singleton
    @Named("omDataRequest")
    OmDataRequest omDataRequest(OmConfig config) {
        return new OmDataRequest(OmDataRequest.mode(config.sendMode()));
    }

    @Produces
    @Singleton
    @Named("omDataAnswer")
    OmDataAnswer omDataAnswer(OmConfig config, MeterRegistry registry) {
        return new OmDataAnswer(new HashSet<>(config.tokenInvalidCodes()), registry);
    }

    @Produces
    @Singleton
    @Named("omTokenExpiry")
    TokenExpiry omTokenExpiry(TokenControl tokens) {
        return new TokenExpiry(tokens, OmTokenRequest.CREDENTIAL, OmDataRequest.TOKEN);
    }
}
