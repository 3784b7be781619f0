package io.camelbundle.token;

/** A route or caller asked for a credential that no {@link TokenSource} provides. */
public class UnknownCredentialException extends IllegalArgumentException {

    public UnknownCredentialException(String credential, java.util.Collection<String> known) {
        super("Unknown credential '" + credential + "'; configured credentials: " + known);
    }
}
