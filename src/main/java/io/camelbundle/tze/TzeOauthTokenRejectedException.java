package io.camelbundle.tze;

/**
 * TZE refused the platform accessToken of an oauthCode exchange ({@code tze.token-invalid-codes}): the route
 * that exchanges redelivers once, after its {@code onRedelivery} (tzeTokenExpiry) compared and expired the
 * token, so the second attempt uses a fresh one. The code was not used by TZE.
 */
public class TzeOauthTokenRejectedException extends TzeOauthException {

    private static final long serialVersionUID = 1L;

    public TzeOauthTokenRejectedException(String retCode) {
        super(Kind.ACCESS_TOKEN_REFUSED, "TZE refused the platform accessToken (retCode " + retCode + ")", 0, retCode,
                null);
    }
}
