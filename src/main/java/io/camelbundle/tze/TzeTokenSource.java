package io.camelbundle.tze;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.camelbundle.support.Secrets;
import io.camelbundle.support.Sha256;
import io.camelbundle.token.IssuedToken;
import io.camelbundle.token.TokenAcquisitionException;
import io.camelbundle.token.TokenSource;

/**
 * TZE's platform accessToken as credential {@value #CREDENTIAL} of the token central control, in the default
 * mode {@code tze.token.mode=static}: the secret {@code tze.access-token}, reported valid for
 * {@code tze.token.static-lifetime} and then simply read again from the configuration. TZE does not publish
 * how the accessToken is obtained (docs/tze.md, what TZE does not publish); where a token endpoint exists, {@code tze.token.mode=route}
 * fetches it with a route instead (a {@link io.camelbundle.token.RouteTokenSource}, docs/routes.md recipe 6).
 */
public class TzeTokenSource implements TokenSource {

    public static final String CREDENTIAL = "tze";

    private final Optional<String> staticToken;
    private final Duration staticLifetime;

    public TzeTokenSource(Optional<String> staticToken, Duration staticLifetime) {
        this.staticToken = staticToken.filter(t -> !t.isBlank());
        this.staticLifetime = staticLifetime;
        Secrets.configured(this.staticToken.map(List::of).orElse(List.of()));
    }

    /** Without a token TZE is not used here: the credential is then not registered. */
    @Override
    public boolean configured() {
        return staticToken.isPresent();
    }

    /** The configured static token (for spotting a changed secret at start-up), if any. */
    public Optional<String> staticToken() {
        return staticToken;
    }

    @Override
    public String fingerprint() {
        return Sha256.of(CREDENTIAL + "\nstatic\n");
    }

    @Override
    public String credential() {
        return CREDENTIAL;
    }

    @Override
    public IssuedToken acquire() throws TokenAcquisitionException {
        return new IssuedToken(staticToken.orElseThrow(() -> new TokenAcquisitionException(
                TokenAcquisitionException.NOT_CONFIGURED, "tze.access-token is not configured")), staticLifetime);
    }
}
