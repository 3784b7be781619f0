package io.camelbundle.tze;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;
import org.jboss.logging.Logger;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.filedrop.InboxGate;
import io.camelbundle.persistence.JdbcIdempotentRepository;
import io.camelbundle.support.Secrets;
import io.camelbundle.support.Sha256;
import io.camelbundle.token.RouteTokenSource;
import io.camelbundle.token.StoredToken;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenExpiry;
import io.camelbundle.token.TokenSource;
import io.quarkus.runtime.StartupEvent;

/** The TZE building blocks as named beans, so routes reach them as {@code #bean:tzeBindingStore} etc. */
public class TzeBeans {

    private static final Logger LOG = Logger.getLogger(TzeBeans.class);

    @Produces
    @Singleton
    @Named("tzeMessageValidator")
    TzeMessageValidator tzeMessageValidator() {
        return new TzeMessageValidator();
    }

    /**
     * Persons TZE confirmed for a line of a dropped file (keyed by file content hash, line and person) or for a
     * queued request (by message id and body, and person; {@link TzePersonSends#sentKey}): the same content or
     * message coming again skips them. Same table as the OM file drop's {@code omSentRecords}; its processor
     * name predates the queue's keys and stays, so keys stored before are still found.
     */
    @Produces
    @Singleton
    @Named("tzeSentRecords")
    JdbcIdempotentRepository tzeSentRecords(DataSource dataSource) {
        return new JdbcIdempotentRepository(dataSource, "tze-file-drop");
    }

    @Produces
    @Singleton
    TzeOauthStates tzeOauthStates(DataSource dataSource, Clock clock, TzeConfig config) {
        return new TzeOauthStates(dataSource, clock, config.oauth().stateLifetime());
    }

    @Produces
    @Singleton
    @Named("tzeBindingStore")
    TzeBindingStore tzeBindingStore(DataSource dataSource, Clock clock, TzeConfig config) {
        return new TzeBindingStore(dataSource, clock, config.bindingLifetime());
    }

    /**
     * The platform accessToken as credential {@code tze} of the token central control: the static
     * {@code tze.access-token} (left out if unset), or in route mode fetched by {@code tze.token.fetch-uri}.
     * A {@link TokenSource} bean, so the central control picks it up.
     */
    @Produces
    @Singleton
    TokenSource tzeTokenSource(TzeConfig config, CamelContext camel) {
        return tokenSource(config.token(), config.accessToken(), camel);
    }

    static TokenSource tokenSource(TzeConfig.Token t, Optional<String> accessToken, CamelContext camel) {
        Secrets.configured(t.params().entrySet().stream().filter(e -> Secrets.secretName(e.getKey()))
                .map(Map.Entry::getValue).toList());
        return switch (t.mode()) {
            case STATIC -> new TzeTokenSource(accessToken, t.staticLifetime());
            case ROUTE -> new RouteTokenSource(TzeTokenSource.CREDENTIAL, "tze",
                    Sha256.of(TzeTokenSource.CREDENTIAL + "\nroute\n" + t.fetchUri() + "\n" + t.url().orElse("")), true,
                    t.fetchUri(), camel);
            case ENDPOINT -> throw new IllegalStateException("tze.token.mode=endpoint (and tze.token.method, "
                    + "token-path, expiry-path, expiry-unit, default-lifetime) was replaced by tze.token.mode=route: the "
                    + "call to the token endpoint is now a route, " + t.fetchUri() + "; docs/routes.md, recipe 6, "
                    + "has the route for those keys");
        };
    }

    /**
     * The platform accessToken for every TZE call, from the token central control; null if TZE has none
     * configured.
     */
    @Produces
    @Singleton
    TzeAccessToken tzeAccessToken(TokenControl tokens) {
        return () -> tokens.credentials().contains(TzeTokenSource.CREDENTIAL)
                ? tokens.accessToken(TzeTokenSource.CREDENTIAL) : null;
    }

    /** The steps of route tze-oauth-exchange. */
    @Produces
    @Singleton
    @Named("tzeOauthExchange")
    TzeOauthExchange tzeOauthExchange(TzeConfig config, Clock clock, TzeAccessToken accessToken) {
        // the token is read on every exchange, so a missing one fails the exchange, not the start-up
        return new TzeOauthExchange(accessToken, new HashSet<>(config.tokenInvalidCodes()), clock);
    }

    /** The template step: {@code - process: {ref: tzeRenderTemplate}}, and the tze-render-template-action Kamelet. */
    @Produces
    @Singleton
    @Named("tzeRenderTemplate")
    TzeTemplateRendering tzeRenderTemplate(TzeConfig config) {
        return new TzeTemplateRendering(new TzeTemplates(Path.of(config.templatesDir())));
    }

    /** The first step of route tze-send-person: TZE's request for one person. */
    @Produces
    @Singleton
    @Named("tzeMessageRequest")
    TzeMessageRequest tzeMessageRequest(TzeConfig config, TzeBindingStore bindings, TzeAccessToken accessToken) {
        return new TzeMessageRequest(config.messageUrl(), config.messageAuth(), accessToken, bindings);
    }

    /** The last step of route tze-send-person: TZE's answer. */
    @Produces
    @Singleton
    @Named("tzeMessageAnswer")
    TzeMessageAnswer tzeMessageAnswer(TzeConfig config, TzeBindingStore bindings) {
        return new TzeMessageAnswer(bindings, new HashSet<>(config.bindingInvalidCodes()),
                new HashSet<>(config.tokenInvalidCodes()));
    }

    /** The onRedelivery of a refused platform accessToken (tze-delivery.camel.yaml). */
    @Produces
    @Singleton
    @Named("tzeTokenExpiry")
    TokenExpiry tzeTokenExpiry(TokenControl tokens) {
        return new TokenExpiry(tokens, TzeTokenSource.CREDENTIAL, TzeMessageRequest.TOKEN);
    }

    /**
     * A changed static {@code tze.access-token} takes effect at the next start: the token stored in the shared
     * database under the old value is expired, so the central control reads the new one.
     */
    void onStart(@Observes StartupEvent event, TokenControl tokens, TzeConfig config) {
        Optional<String> configured = config.accessToken().filter(token -> !token.isBlank());
        if (config.token().mode() != TzeConfig.Token.Mode.STATIC || configured.isEmpty()
                || !tokens.credentials().contains(TzeTokenSource.CREDENTIAL)) {
            return;
        }
        StoredToken stored = tokens.peek(TzeTokenSource.CREDENTIAL);
        if (stored.accessToken() != null && !stored.accessToken().equals(configured.get())) {
            tokens.expireIfCurrent(TzeTokenSource.CREDENTIAL, stored.accessToken());
            LOG.info("Credential 'tze': tze.access-token changed; the stored token was expired");
        }
    }

    /** Where routes/tze-file-drop.camel.yaml moves a file it took: tze.done, tze.failed. */
    @Produces
    @Singleton
    @Named("tzeDropFolders")
    DropFolders tzeDropFolders(TzeConfig config) {
        return DropFolders.checked("tze", config.inbox(), config.done(), config.failed(), config.reports());
    }

    /** The tze.inbox filter of routes/tze-file-drop.camel.yaml. */
    @Produces
    @Singleton
    @Named("tzeInboxGate")
    InboxGate tzeInboxGate(TzeFileDrop drop, Clock clock) {
        return drop.gate(clock);
    }
}
